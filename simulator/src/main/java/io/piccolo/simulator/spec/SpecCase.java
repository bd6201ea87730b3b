package io.piccolo.simulator.spec;

import java.util.List;

/**
 * One case of a spec file: the spec to run, or why it could not be read.
 *
 * @param spec null when the case could not be read
 * @param error what is wrong with the case, naming its file and line; null when it was read
 */
public record SpecCase(String name, String file, int line, RuleSpec spec, String error) {

  /** What failed, one line each: why the case could not be read, or what its run found. */
  public List<String> failures(SpecRunner runner) {
    return error != null ? List.of(error.split("\n")) : runner.run(spec).failures();
  }
}
