package io.zkdr.controller.catalog;

/** The catalog database failed to read or write; the node cannot continue safely. */
public class CatalogIoException extends RuntimeException {
  public CatalogIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
