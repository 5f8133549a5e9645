package io.zkdr.cli.ensemble;

import io.zkdr.model.Member;
import io.zkdr.model.MemberRole;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --member} flag: {@code
 * myid=1,host=zk1,client=2181,quorum=2888,election=3888,site=us-east-a} plus optional {@code
 * admin=8080}, {@code role=observer}, {@code data-dir=/var/lib/zk}, {@code data-log-dir=...}.
 */
public final class MemberArgument implements ITypeConverter<Member> {
  private static final Set<String> REQUIRED =
      Set.of("myid", "host", "client", "quorum", "election", "site");
  private static final Set<String> KNOWN =
      Set.of(
          "myid",
          "host",
          "client",
          "quorum",
          "election",
          "site",
          "admin",
          "role",
          "data-dir",
          "data-log-dir");

  @Override
  public Member convert(String value) {
    Map<String, String> kv = new HashMap<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException(
            "'" + part + "' is not key=value (e.g. myid=1,host=zk1,client=2181,...)");
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (!KNOWN.contains(key)) {
        throw new TypeConversionException(
            "unknown member key '" + key + "' (known: " + KNOWN + ")");
      }
      kv.put(key, part.substring(eq + 1).trim());
    }
    for (String r : REQUIRED) {
      if (!kv.containsKey(r)) {
        throw new TypeConversionException("member '" + value + "' lacks " + r + "=...");
      }
    }
    MemberRole role;
    try {
      role = MemberRole.valueOf(kv.getOrDefault("role", "participant").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "role '" + kv.get("role") + "' is not participant or observer");
    }
    return new Member(
        number(kv, "myid"),
        kv.get("host"),
        number(kv, "client"),
        number(kv, "quorum"),
        number(kv, "election"),
        kv.containsKey("admin") ? number(kv, "admin") : 0,
        kv.get("data-dir"),
        kv.get("data-log-dir"),
        role,
        kv.get("site"));
  }

  private static int number(Map<String, String> kv, String key) {
    try {
      return Integer.parseInt(kv.get(key));
    } catch (NumberFormatException e) {
      throw new TypeConversionException(key + "='" + kv.get(key) + "' is not a number");
    }
  }
}
