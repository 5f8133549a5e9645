package io.zkdr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.zkdr.json.JsonMapperFactory;
import io.zkdr.json.ZxidJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  private final ObjectMapper json = JsonMapperFactory.shared();

  private Backup backup() {
    return new Backup(
        "b-1",
        "payments-zk",
        BackupKind.INCREMENTAL,
        0x100000a2fL,
        0x200000001L,
        Instant.parse("2026-01-02T03:04:05Z"),
        "d1",
        42,
        "s3://bk/b-1/manifest.json",
        "b-0",
        Map.of("us-east", new BackupCopy("us-east", "s3://bk/b-1", "ab", null)),
        List.of());
  }

  @Test
  void zxidsAreHexStringsAndInstantsIso8601() throws Exception {
    JsonNode tree = json.readTree(json.writeValueAsBytes(backup()));
    assertEquals("0x100000a2f", tree.get("fromZxid").asText());
    assertEquals("0x200000001", tree.get("toZxid").asText());
    assertEquals("2026-01-02T03:04:05Z", tree.get("createdAt").asText());
    assertEquals(backup(), json.readValue(json.writeValueAsBytes(backup()), Backup.class));
  }

  @Test
  void encodingIsDeterministic() throws Exception {
    Backup a = backup().withCopy(new BackupCopy("eu-west", "s3://eu/b-1", "ab", null));
    Backup b =
        backup()
            .withCopy(new BackupCopy("eu-west", "s3://eu/b-1", "ab", null))
            .withCopy(new BackupCopy("us-east", "s3://bk/b-1", "ab", null));
    assertEquals(json.writeValueAsString(a), json.writeValueAsString(b));
  }

  @Test
  void unknownFieldsAndNumericZxidsAreRejected() {
    assertThrows(
        UnrecognizedPropertyException.class,
        () -> json.readValue("{\"name\":\"r\",\"colour\":\"blue\"}", Region.class));
    assertThrows(
        MismatchedInputException.class,
        () -> json.readValue("{\"from\":12,\"to\":\"0x20\"}", ZxidRange.class));
  }

  @Test
  void zxidParsingAcceptsHexAndDecimalAndNamesBadText() {
    assertEquals(0x100000a2fL, ZxidJson.parse("0x100000a2f"));
    assertEquals(10, ZxidJson.parse("10"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ZxidJson.parse("0xzz"));
    assertTrue(e.getMessage().contains("0xzz"));
  }

  @Test
  void verificationStampsTheCopyAndLatestResultDecides() {
    Instant at = Instant.parse("2026-01-03T00:00:00Z");
    Backup v = backup().withVerification(new VerificationResult(at, "us-east", true, "ok"));
    assertTrue(v.verified());
    assertEquals(at, v.copies().get("us-east").verifiedAt());
    Backup failed =
        v.withVerification(new VerificationResult(at.plusSeconds(1), "us-east", false, "bad"));
    assertTrue(!failed.verified());
    assertTrue(v.withoutCopy("us-east").copies().isEmpty());
  }

  @Test
  void terminalJobStates() {
    assertTrue(JobState.SUCCEEDED.terminal());
    assertTrue(JobState.CANCELLED.terminal());
    assertTrue(!JobState.LEASED.terminal());
  }
}
