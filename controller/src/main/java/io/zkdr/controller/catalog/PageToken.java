package io.zkdr.controller.catalog;

import java.util.Arrays;
import java.util.Base64;

/** Opaque page tokens: the URL-safe base64 of the last key returned. */
public final class PageToken {
  private PageToken() {}

  static String after(byte[] lastKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey);
  }

  /**
   * The first key of the page after {@code token}, or {@code from} when there is no token.
   *
   * @throws IllegalArgumentException when the token is not one this API issued
   */
  static byte[] startKey(String token, byte[] from, byte[] prefix) {
    if (token == null || token.isEmpty()) {
      return from;
    }
    byte[] last;
    try {
      last = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pageToken is not valid");
    }
    if (prefix != null
        && (last.length < prefix.length
            || !Arrays.equals(Arrays.copyOf(last, prefix.length), prefix))) {
      throw new IllegalArgumentException("pageToken does not belong to this query");
    }
    byte[] next = Arrays.copyOf(last, last.length + 1);
    return from != null && Arrays.compareUnsigned(next, from) < 0 ? from : next;
  }
}
