package io.piccolo.engine.rulebase;

import java.util.List;
import java.util.stream.Collectors;

/** The rule base did not build; every problem names its file, line and column. */
public final class RuleBaseException extends Exception {
  private final transient List<Problem> problems;

  public RuleBaseException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
