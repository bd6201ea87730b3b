package io.piccolo.engine.sandbox;

/**
 * One thing compiled rule code uses: a member of a class, or the class itself ({@code member}
 * null).
 *
 * @param owner the class, as a binary name ({@code java.util.Map$Entry})
 * @param member a method or field name, {@code <init>} for a constructor, or null for the type
 * @param line the line in the generated source, 0 when unknown
 * @param descriptor the method's JVM descriptor ({@code (Ljava/lang/String;)V}), null when not a
 *     method or not known
 */
record Reference(String owner, String member, int line, String descriptor) {
  Reference(String owner, String member, int line) {
    this(owner, member, line, null);
  }

  /** The word an author wrote for it: the member's name, or the class's simple name. */
  String token() {
    if (member == null || member.equals("<init>")) {
      int cut = Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$'));
      return owner.substring(cut + 1);
    }
    return member;
  }

  String describe() {
    String type = owner.replace('$', '.');
    if (member == null) {
      return type;
    }
    return member.equals("<init>") ? "new " + type : type + "." + member;
  }
}
