/** Benchmark programs; each prints one figure per line as {@code name value unit}. */
package io.zkdr.bench;
