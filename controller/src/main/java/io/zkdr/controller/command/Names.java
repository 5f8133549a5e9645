package io.zkdr.controller.command;

/** Rules for entity names and ids: short, printable, no separators the key encoding uses. */
final class Names {
  private Names() {}

  static String require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw Rejection.invalid(field + " is required");
    }
    if (value.length() > 200) {
      throw Rejection.invalid(field + " is longer than 200 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '/') {
        throw Rejection.invalid(field + " contains a control character or '/': '" + value + "'");
      }
    }
    return value;
  }

  static void requireNonNull(String field, Object value) {
    if (value == null) {
      throw Rejection.invalid(field + " is required");
    }
  }
}
