package io.zkdr.bench;

import io.zkdr.bench.shipping.ShippingBenchmark;

/** Entry point for {@code bench/run shipping}; see {@link ShippingBenchmark}. */
public final class ShippingBench {
  private ShippingBench() {}

  public static void main(String[] args) throws Exception {
    ShippingBenchmark.main(args);
  }
}
