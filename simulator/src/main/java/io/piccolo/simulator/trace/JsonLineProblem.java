package io.piccolo.simulator.trace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a JSON-lines sample in the words of a trace, not of the JSON parser: the
 * column, what was found there, and what a sample looks like.
 */
final class JsonLineProblem {
  static final String EXAMPLE = "{\"time\": 12.5, \"path\": \"Vehicle.Speed\", \"value\": 42.0}";
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
  private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'");
  private static final Pattern CHARACTER = Pattern.compile("Unexpected character \\('(.)'");

  private JsonLineProblem() {}

  static String describe(JsonProcessingException e) {
    String parser = String.valueOf(e.getOriginalMessage());
    JsonLocation at = e.getLocation();
    String where = at == null || at.getColumnNr() < 1 ? "" : "column " + at.getColumnNr() + ": ";
    Matcher duplicate = DUPLICATE.matcher(parser);
    if (duplicate.find()) {
      return where
          + "\""
          + duplicate.group(1)
          + "\" is given twice; give each of time, path and"
          + " value once";
    }
    if (parser.startsWith("Unexpected end-of-input")) {
      return "the line ends before the sample does (a missing '}' or '\"'?); a sample is one line"
          + " such as "
          + EXAMPLE;
    }
    Matcher token = TOKEN.matcher(parser);
    if (token.find()) {
      return where
          + "'"
          + token.group(1)
          + "' is not a JSON value (text is written in double quotes); a sample looks like "
          + EXAMPLE;
    }
    Matcher character = CHARACTER.matcher(parser);
    if (character.find()) {
      String found = character.group(1);
      String expected =
          parser.contains("double-quote to start field name")
              ? "a name in double quotes (\"time\", \"path\" or \"value\")"
              : parser.contains("comma to separate")
                  ? "a ',' between two fields"
                  : parser.contains("colon to separate")
                      ? "a ':' after the name"
                      : "a value: a number, true/false or text in double quotes";
      return where
          + "found '"
          + found
          + "' where "
          + expected
          + " belongs; a sample looks like "
          + EXAMPLE;
    }
    return where + "not a JSON sample; a sample is one line such as " + EXAMPLE;
  }
}
