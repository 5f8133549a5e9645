package io.zkdr.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.ZkTestQuorum;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The AdminServer, when enabled, answers on the member's admin port. */
class AdminServerTest {

  @Test
  void adminServerAnswersWhenEnabled() throws Exception {
    try (ZkTestQuorum q =
        ZkTestQuorum.start("admin", 1, ZkTestQuorum.TEST_SETTINGS.withAdminServer(true))) {
      ZkMember m = q.server(1).member();
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + m.adminPort() + "/commands/ruok")
                  .toURL()
                  .openConnection();
      c.setConnectTimeout(5000);
      c.setReadTimeout(5000);
      assertEquals(200, c.getResponseCode());
      try (InputStream in = c.getInputStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"command\" : \"ruok\""), body);
      }
    }
  }
}
