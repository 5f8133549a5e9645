package io.zkdr.backup;

import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.EncryptionKeyResolver;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.replay.TxnStream;
import io.zkdr.zk.txnlog.TxnLogReader;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The txns of a chain's artifacts one after the other, each section opened only when reached and
 * checked chunk by chunk as it is read. Where an increment overlaps the artifact before it, the
 * txns already seen are skipped.
 */
final class ChainTxnStream implements TxnStream {

  private final BlobStore store;
  private final EncryptionKeyResolver keys;
  private final List<ChainLink> links;
  private int next;
  private TxnLogReader current;
  private long emittedFromCurrent;
  private long lastEmitted = Long.MIN_VALUE;

  ChainTxnStream(BlobStore store, EncryptionKeyResolver keys, List<ChainLink> links) {
    this.store = store;
    this.keys = keys;
    this.links = List.copyOf(links);
  }

  @Override
  public TxnLogRecord next() throws IOException {
    while (true) {
      if (current == null) {
        if (next >= links.size()) {
          return null;
        }
        ChainLink link = links.get(next++);
        ArtifactReader reader = ArtifactReader.open(store, link.prefix(), keys);
        InputStream section = reader.openSection(BackupSections.TXNLOG);
        reader.close(); // the section stream owns its own range read
        String source = "artifact " + link.manifest().artifactId() + " section txnlog";
        current = TxnLogReader.open(section, source, false);
        emittedFromCurrent = 0;
      }
      TxnLogRecord rec = current.next();
      if (rec == null) {
        current.close();
        current = null;
        continue;
      }
      if (emittedFromCurrent == 0 && rec.zxid() <= lastEmitted) {
        continue; // overlap with the previous artifact
      }
      emittedFromCurrent++;
      lastEmitted = rec.zxid();
      return rec;
    }
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
    next = links.size();
  }
}
