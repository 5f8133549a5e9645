package io.zkdr.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest ({@code dev} when run from classes). */
public class ZkdrVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = ZkdrVersion.class.getPackage().getImplementationVersion();
    return new String[] {"zkdr " + (v != null ? v : "dev")};
  }
}
