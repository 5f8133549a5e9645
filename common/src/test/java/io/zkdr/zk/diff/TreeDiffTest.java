package io.zkdr.zk.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.zk.diff.TreeDiff.Kind;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.DataTree;
import org.junit.jupiter.api.Test;

class TreeDiffTest {
  private static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

  private static DataTree tree() throws Exception {
    DataTree dt = new DataTree();
    dt.createNode("/app", "a".getBytes(), OPEN, 0, 0, 1, 1000);
    dt.createNode("/app/x", "x".getBytes(), OPEN, 0, 1, 2, 1001);
    dt.createNode("/app/y", new byte[1024], OPEN, 0, 2, 3, 1002);
    return dt;
  }

  @Test
  void equalTreesHaveNoDifferences() throws Exception {
    TreeDiff.Result r = new TreeDiff(false, 10).compare(tree(), tree());
    assertTrue(r.equal(), r.toString());
    assertEquals(4, r.nodesA(), "root and three znodes; /zookeeper left out");
  }

  @Test
  void missingDataAclAndStatDifferencesAreNamed() throws Exception {
    DataTree a = tree();
    DataTree b = tree();
    b.deleteNode("/app/x", 4);
    b.createNode("/app/z", new byte[0], OPEN, 0, 3, 5, 1003);
    b.setData("/app/y", "changed".getBytes(), 1, 6, 1004);
    a.setACL("/app", List.of(new ACL(ZooDefs.Perms.READ, new Id("digest", "alice:hash"))), 1);
    b.setACL("/app", List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", "alice:hash"))), 1);

    TreeDiff.Result r = new TreeDiff(false, 10).compare(a, b);
    assertEquals(4, r.differenceCount(), r.toString());
    List<Kind> kinds = r.differences().stream().map(TreeDiff.Difference::kind).toList();
    assertTrue(kinds.contains(Kind.ONLY_IN_A), kinds.toString());
    assertTrue(kinds.contains(Kind.ONLY_IN_B), kinds.toString());
    assertTrue(kinds.contains(Kind.DATA), kinds.toString());
    assertTrue(kinds.contains(Kind.ACL), kinds.toString());
  }

  @Test
  void ephemeralsAreLeftOutUnlessAsked() throws Exception {
    DataTree a = tree();
    DataTree b = tree();
    a.createNode("/app/lock", new byte[0], OPEN, 0x1234L, 3, 7, 1005);
    // a restore leaves the parent's stored stat as the source had it
    b.getNode("/app").stat.setPzxid(a.getNode("/app").stat.getPzxid());
    b.getNode("/app").stat.setCversion(a.getNode("/app").stat.getCversion());
    assertTrue(new TreeDiff(false, 10).compare(a, b).equal());
    TreeDiff.Result r = new TreeDiff(true, 10).compare(a, b);
    assertEquals(1, r.differenceCount());
    assertEquals("/app/lock", r.differences().get(0).path());
  }

  @Test
  void statDifferencesListTheFieldsAndTheLimitCapsWhatIsShown() throws Exception {
    DataTree a = tree();
    DataTree b = new DataTree();
    b.createNode("/app", "a".getBytes(), OPEN, 0, 0, 9, 1000);
    b.createNode("/app/x", "x".getBytes(), OPEN, 0, 1, 2, 1001);
    b.createNode("/app/y", new byte[1024], OPEN, 0, 2, 3, 1002);
    TreeDiff.Result r = new TreeDiff(false, 10).compare(a, b);
    TreeDiff.Difference app =
        r.differences().stream().filter(d -> d.path().equals("/app")).findFirst().orElseThrow();
    assertEquals(Kind.STAT, app.kind());
    assertTrue(app.detail().startsWith("czxid 1 vs 9, mzxid 1 vs 9"), app.detail());

    TreeDiff.Result capped = new TreeDiff(false, 1).compare(a, new DataTree());
    assertTrue(capped.differenceCount() >= 3, capped.toString());
    assertEquals(1, capped.differences().size());
  }
}
