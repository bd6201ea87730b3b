package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads what a compiled class resolves to: every method and constructor it calls, field it reads or
 * writes, class it names as a literal, its super types, and the targets of its lambdas and method
 * references. This is what the code will do, however its source spelt it.
 */
final class BytecodeReferences {
  private static final String LAMBDAS = "java/lang/invoke/LambdaMetafactory";
  private static final String CONCAT = "java/lang/invoke/StringConcatFactory";

  private BytecodeReferences() {}

  /** What each method of the class uses, with the source line it is on. */
  static List<Reference> of(byte[] classFile) {
    List<Reference> found = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public void visit(
                  int version,
                  int access,
                  String name,
                  String signature,
                  String superName,
                  String[] interfaces) {
                // what a class inherits runs as its own code; interfaces add nothing that runs
                if (superName != null && !superName.equals("java/lang/Object")) {
                  found.add(type(superName, 0));
                }
              }

              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] ex) {
                return new Uses(found);
              }
            },
            ClassReader.SKIP_FRAMES);
    return found;
  }

  private static Reference type(String internalName, int line) {
    return new Reference(Type.getObjectType(internalName).getClassName(), null, line);
  }

  private static Reference member(String internalOwner, String name, int line) {
    return member(internalOwner, name, null, line);
  }

  private static Reference member(String internalOwner, String name, String descriptor, int line) {
    String owner =
        internalOwner.startsWith("[")
            ? "java.lang.Object" // clone() and friends on an array
            : Type.getObjectType(internalOwner).getClassName();
    return new Reference(owner, name, line, descriptor);
  }

  private static final class Uses extends MethodVisitor {
    private final List<Reference> found;
    private int line;

    Uses(List<Reference> found) {
      super(Opcodes.ASM9);
      this.found = found;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
      this.line = line;
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      found.add(member(owner, name, descriptor, line));
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      found.add(member(owner, name, line));
    }

    @Override
    public void visitLdcInsn(Object value) {
      if (value instanceof Type t && t.getSort() == Type.OBJECT) {
        found.add(type(t.getInternalName(), line)); // a class literal
      } else if (value instanceof Handle h) {
        found.add(member(h.getOwner(), h.getName(), h.getDesc(), line));
      } else if (value instanceof Type t && t.getSort() == Type.METHOD) {
        found.add(new Reference("java.lang.invoke.MethodType", null, line));
      }
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrap, Object... arguments) {
      if (!bootstrap.getOwner().equals(LAMBDAS) && !bootstrap.getOwner().equals(CONCAT)) {
        found.add(member(bootstrap.getOwner(), bootstrap.getName(), line));
      }
      for (Object argument : arguments) {
        if (argument instanceof Handle h) {
          found.add(member(h.getOwner(), h.getName(), h.getDesc(), line)); // a lambda, ::
        }
      }
    }
  }
}
