package io.zkdr.store;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A store in a local directory ({@code file:///var/lib/zkdr/store}). Keys map to relative paths.
 *
 * <p>An object is written to a hidden temporary file in its final directory, forced to disk,
 * renamed atomically over its key and the directory is forced too, so a crash leaves either the old
 * object, the new one, or nothing, never a partial file under the key. Leftover temporary files
 * (suffix {@value #PARTIAL_SUFFIX}) are invisible to {@link #list} and {@link #stat}.
 */
public final class FileBlobStore implements BlobStore {

  /** Suffix of in-progress uploads; keys ending with it are refused. */
  public static final String PARTIAL_SUFFIX = ".zkdr-partial";

  private static final int WRITE_BUFFER = 256 * 1024;

  private final Path root;
  private final URI uri;

  /** Opens (and creates if needed) the store rooted at {@code root}. */
  public FileBlobStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
    this.uri = this.root.toUri();
  }

  /** Opens the store of a {@code file:} URI. */
  public static FileBlobStore open(URI uri) throws IOException {
    if (!"file".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a file: URI: " + uri);
    }
    return new FileBlobStore(Path.of(uri.getPath()));
  }

  /** The directory holding the objects. */
  public Path root() {
    return root;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public BlobUpload create(String key) throws IOException {
    Path target = pathOf(key);
    Path dir = target.getParent();
    Files.createDirectories(dir);
    if (Files.isDirectory(target)) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "key '" + key + "' names a directory of other keys");
    }
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileUpload(key, target, temp, channel);
  }

  @Override
  public InputStream open(String key) throws IOException {
    Path path = pathOf(key);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no object '" + key + "' in " + uri);
    }
    return Files.newInputStream(path);
  }

  @Override
  public InputStream openRange(String key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "bad range offset=" + offset + " length=" + length + " for '" + key + "'");
    }
    Path path = pathOf(key);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no object '" + key + "' in " + uri);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (offset > size) {
        throw new EOFException(
            "range of '" + key + "' starts at " + offset + " past the end (" + size + " bytes)");
      }
      channel.position(offset);
      return new BoundedInputStream(
          Channels.newInputStream(channel), Math.min(length, size - offset));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws IOException {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new BlobInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<BlobInfo> list(String prefix) throws IOException {
    String p = BlobKeys.validatePrefix(prefix);
    // Walk only the directory the prefix is certain to be in.
    int slash = p.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<BlobInfo> result = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(start)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String key = keyOf(path);
        if (key.startsWith(p) && !path.getFileName().toString().endsWith(PARTIAL_SUFFIX)) {
          BasicFileAttributes attrs;
          try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
          } catch (NoSuchFileException e) {
            continue; // deleted while listing
          }
          if (attrs.isRegularFile()) {
            result.add(new BlobInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
          }
        }
      }
    }
    result.sort(Comparator.comparing(BlobInfo::key));
    return result;
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = pathOf(key);
    if (Files.isDirectory(path)) {
      return; // a "directory" is not an object
    }
    Files.deleteIfExists(path);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FileBlobStore[" + uri + "]";
  }

  private Path pathOf(String key) {
    BlobKeys.validate(key);
    if (key.endsWith(PARTIAL_SUFFIX)) {
      throw new InvalidBlobKeyException(key, "the suffix " + PARTIAL_SUFFIX + " is reserved");
    }
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new InvalidBlobKeyException(key, "resolves outside the store root " + root);
    }
    return path;
  }

  private String keyOf(Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private final class FileUpload implements BlobUpload {
    private final String key;
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    FileUpload(String key, Path target, Path temp, FileChannel channel) {
      this.key = key;
      this.target = target;
      this.temp = temp;
      this.channel = channel;
      OutputStream buffered =
          new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER);
      this.stream =
          new FilterOutputStream(buffered) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              ensureOpen();
              out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
              ensureOpen();
              out.write(b);
            }

            @Override
            public void close() throws IOException {
              // Closing the stream does not end the upload; commit() or close() on it does.
              if (!closed) {
                out.flush();
              }
            }
          };
    }

    private void ensureOpen() throws IOException {
      if (closed || committed) {
        throw new IOException("upload of '" + key + "' in " + uri + " is already finished");
      }
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public void commit() throws IOException {
      ensureOpen();
      stream.flush();
      channel.force(true);
      channel.close();
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "file system of " + root + " cannot rename atomically; refusing to write '" + key + "'",
            e);
      }
      committed = true;
      forceDirectory(target.getParent());
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (!committed) {
        try {
          channel.close();
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    }
  }
}
