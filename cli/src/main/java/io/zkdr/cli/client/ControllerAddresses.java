package io.zkdr.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.input.YamlFiles;
import io.zkdr.json.JsonMapperFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the controllers are: {@code --controller}, else {@code ZKDR_CONTROLLER}, else the {@code
 * controllers} list of the config file ({@code ZKDR_CONFIG}, default {@code
 * ~/.config/zkdr/config.yaml}).
 */
public final class ControllerAddresses {
  /** Where the config file is looked for by default, as the help text shows it. */
  public static final String DEFAULT_CONFIG_HINT = "~/.config/zkdr/config.yaml";

  static final String ENV_CONTROLLER = "ZKDR_CONTROLLER";
  static final String ENV_CONFIG = "ZKDR_CONFIG";

  private ControllerAddresses() {}

  /** The CLI config file: only {@code controllers} is read; other keys are left for later use. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CliConfig(List<String> controllers) {}

  /** Resolves the addresses from the flag, the process environment and the user's config file. */
  public static List<URI> resolve(String flag) {
    return resolve(flag, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * Resolves the addresses from the flag, then {@code env}, then the config file.
   *
   * @param home the user's home directory, where {@code .config/zkdr/config.yaml} is looked for
   * @return the addresses; empty when none is configured anywhere
   */
  public static List<URI> resolve(String flag, Map<String, String> env, Path home) {
    if (flag != null && !flag.isBlank()) {
      return ControllerClient.parseAddresses(flag);
    }
    String fromEnv = env.get(ENV_CONTROLLER);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return ControllerClient.parseAddresses(fromEnv);
    }
    String configPath = env.get(ENV_CONFIG);
    Path config =
        configPath != null && !configPath.isBlank()
            ? Path.of(configPath)
            : home.resolve(".config").resolve("zkdr").resolve("config.yaml");
    if (!Files.isRegularFile(config)) {
      if (configPath != null && !configPath.isBlank()) {
        throw new CliException(
            ExitCode.USAGE,
            ENV_CONFIG + " names " + config + ", which is not a file",
            "unset " + ENV_CONFIG + " or point it at a YAML file with 'controllers: [...]'",
            null);
      }
      return List.of();
    }
    ObjectMapper yaml = JsonMapperFactory.newYamlMapper();
    CliConfig c = YamlFiles.read(yaml, config, CliConfig.class);
    if (c == null || c.controllers() == null) {
      return List.of();
    }
    return ControllerClient.parseAddresses(String.join(",", c.controllers()));
  }
}
