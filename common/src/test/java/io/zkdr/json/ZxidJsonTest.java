package io.zkdr.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZxidJsonTest {
  @Test
  void parsesHexInEitherCaseAndDecimal() {
    assertEquals(0x100000a2fL, ZxidJson.parse("0x100000a2f"));
    assertEquals(0x100000A2FL, ZxidJson.parse(" 0X100000A2F "));
    assertEquals(42L, ZxidJson.parse("42"));
  }

  @Test
  void readsTheWholeUnsignedRange() {
    assertEquals(-1L, ZxidJson.parse("0xffffffffffffffff"));
    assertEquals("0xffffffffffffffff", ZxidJson.format(-1L));
  }

  @Test
  void refusesTextThatIsNoZxidNamingIt() {
    for (String bad : new String[] {"0x", "0xg1", "0x1ffffffffffffffff", "zxid", ""}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ZxidJson.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
