package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.cli.client.ControllerAddresses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ControllerAddressesTest {
  private final Path home = Path.of("target", "cli-home-" + UUID.randomUUID());

  private void config(String yaml) throws IOException {
    Path f = home.resolve(".config/zkdr/config.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
  }

  @Test
  void flagWinsOverEnvironmentWhichWinsOverTheConfigFile() throws IOException {
    config("controllers: [http://c1:8080, c2:8080]\n");
    Map<String, String> env = Map.of("ZKDR_CONTROLLER", "http://e1:8080");
    assertEquals(
        List.of(URI.create("http://f1:8080")),
        ControllerAddresses.resolve("http://f1:8080", env, home));
    assertEquals(
        List.of(URI.create("http://e1:8080")), ControllerAddresses.resolve(null, env, home));
    assertEquals(
        List.of(URI.create("http://c1:8080"), URI.create("http://c2:8080")),
        ControllerAddresses.resolve(null, Map.of(), home));
  }

  @Test
  void nothingConfiguredIsEmptyAndTheClientSaysWhatToDo() {
    assertEquals(List.of(), ControllerAddresses.resolve(" ", Map.of(), home));
    CliException e =
        assertThrows(
            CliException.class,
            () ->
                new io.zkdr.cli.client.ControllerClient(
                    List.of(), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertTrue(e.hint().contains("ZKDR_CONTROLLER"), e.hint());
  }

  @Test
  void aBadConfigFileNamesTheKey() throws IOException {
    config("controllers: {a: 1}\n");
    CliException e =
        assertThrows(CliException.class, () -> ControllerAddresses.resolve(null, Map.of(), home));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("config.yaml: controllers"), e.getMessage());
  }

  @Test
  void zkdrConfigNamesAnotherFile() throws IOException {
    Path f = home.resolve("other.yaml");
    Files.createDirectories(home);
    Files.writeString(f, "controllers: [http://o1:9000]\n");
    assertEquals(
        List.of(URI.create("http://o1:9000")),
        ControllerAddresses.resolve(null, Map.of("ZKDR_CONFIG", f.toString()), home));
    CliException missing =
        assertThrows(
            CliException.class,
            () ->
                ControllerAddresses.resolve(
                    null, Map.of("ZKDR_CONFIG", home.resolve("none.yaml").toString()), home));
    assertEquals(ExitCode.USAGE, missing.exitCode());
  }
}
