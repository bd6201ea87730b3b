package io.piccolo.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

/**
 * The types a rule base's DRL declares ({@code declare X ... end}). Each rule base has its own
 * classes for them, so a fact carried into new rules is copied field by field into the new class,
 * and only when the declaration is the same.
 */
final class DeclaredTypes {
  private final Map<Class<?>, FactType> byClass = new HashMap<>();
  private final Map<String, FactType> byName = new HashMap<>();

  DeclaredTypes(KieBase kieBase) {
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (FactType type : pkg.getFactTypes()) {
        byClass.put(type.getFactClass(), type);
        byName.put(type.getName(), type);
      }
    }
  }

  /** The declaration {@code fact} is an instance of, or null when it is no declared type. */
  FactType of(Object fact) {
    return byClass.get(fact.getClass());
  }

  FactType named(String name) {
    return byName.get(name);
  }

  /**
   * Why facts of {@code before} cannot become facts of {@code after}, or null when the declarations
   * are alike: the same super type, fields (name, type, key, order) and annotations.
   */
  String difference(FactType before, FactType after) {
    if (after == null) {
      return "it is no longer declared";
    }
    if (!Objects.equals(before.getSuperClass(), after.getSuperClass())
        || !Objects.equals(
            String.valueOf(before.getMetaData()), String.valueOf(after.getMetaData()))) {
      return "its declaration changed";
    }
    List<FactField> a = before.getFields();
    List<FactField> b = after.getFields();
    if (a.size() != b.size()) {
      return "its declaration changed";
    }
    for (int i = 0; i < a.size(); i++) {
      FactField x = a.get(i);
      FactField y = b.get(i);
      if (!x.getName().equals(y.getName())
          || !x.getType().getName().equals(y.getType().getName())
          || x.isKey() != y.isKey()
          || x.getIndex() != y.getIndex()
          || !String.valueOf(x.getMetaData()).equals(String.valueOf(y.getMetaData()))) {
        return "its declaration changed";
      }
      if (byClass.containsKey(x.getType())) {
        return "field '" + x.getName() + "' holds another declared type, which is not copied";
      }
    }
    return null;
  }

  /** A fact of the new declaration with the values of {@code fact}. */
  static Object copy(Object fact, FactType before, FactType after) {
    Object copy;
    try {
      copy = after.newInstance();
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot create a " + after.getName() + ": " + e, e);
    }
    for (FactField field : before.getFields()) {
      after.set(copy, field.getName(), before.get(fact, field.getName()));
    }
    return copy;
  }
}
