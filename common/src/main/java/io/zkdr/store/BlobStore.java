package io.zkdr.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where backup artifacts live: one store per region, addressed by keys such as {@code
 * artifacts/payments-zk/0000000100000a2f-full/manifest.json}.
 *
 * <p>Every implementation guarantees that an object becomes visible only once it is complete and
 * durable: a writer that fails or is abandoned half way leaves nothing under its key.
 */
public interface BlobStore extends AutoCloseable {

  /** The URI this store was opened from ({@code file:///var/lib/zkdr/store}, {@code s3://...}). */
  URI uri();

  /**
   * Opens a stream that writes the object {@code key}. The object appears only when {@link
   * BlobUpload#commit()} returns; {@link BlobUpload#close()} without a commit discards it.
   */
  BlobUpload create(String key) throws IOException;

  /** Opens the object for reading; {@link java.nio.file.NoSuchFileException} if it is absent. */
  InputStream open(String key) throws IOException;

  /**
   * Reads {@code length} bytes starting at {@code offset}; a range running past the end of the
   * object is clipped to it (as S3 does), a range starting past the end is an {@link
   * java.io.EOFException}, an absent object a {@link java.nio.file.NoSuchFileException}.
   */
  InputStream openRange(String key, long offset, long length) throws IOException;

  /** Size and modification time, or empty when there is no such object. */
  Optional<BlobInfo> stat(String key) throws IOException;

  /**
   * Objects whose keys start with {@code prefix} (a plain string prefix, as in S3; {@code ""} lists
   * everything), sorted by key. Uploads in progress are never listed.
   */
  List<BlobInfo> list(String prefix) throws IOException;

  /** Deletes the object; deleting an absent object is not an error. */
  void delete(String key) throws IOException;

  @Override
  void close() throws IOException;

  /** A pending object: bytes written to {@link #stream()} become visible on {@link #commit()}. */
  interface BlobUpload extends AutoCloseable {
    OutputStream stream();

    /** Makes the object durable and visible under its key. */
    void commit() throws IOException;

    /** Discards the object unless it was committed. */
    @Override
    void close() throws IOException;
  }

  /** What a store knows about one object. */
  record BlobInfo(String key, long size, java.time.Instant modified) {}
}
