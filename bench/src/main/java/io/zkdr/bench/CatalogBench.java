package io.zkdr.bench;

import io.zkdr.bench.catalog.CatalogBenchmark;

/** Entry point for {@code bench/run catalog}; see {@link CatalogBenchmark}. */
public final class CatalogBench {
  private CatalogBench() {}

  public static void main(String[] args) throws Exception {
    CatalogBenchmark.main(args);
  }
}
