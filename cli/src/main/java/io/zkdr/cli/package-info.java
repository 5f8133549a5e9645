/** The {@code zkdr} command line. */
package io.zkdr.cli;
