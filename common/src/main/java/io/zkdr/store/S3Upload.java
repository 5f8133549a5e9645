package io.zkdr.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One pending S3 object. Bytes are buffered up to one part; the first full part starts a multipart
 * upload, and commit either PUTs the lone buffer or completes the multipart upload. Close without
 * commit aborts the multipart upload, so S3 discards the parts.
 *
 * <p>Parts are uploaded in the background while the caller fills the next one (two buffers, at most
 * one part in flight), so producing and uploading overlap.
 */
final class S3Upload implements BlobStore.BlobUpload {
  private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);

  private final S3Client s3;
  private final ExecutorService uploader;
  private final String bucket;
  private final String objectKey;
  private final String description;
  private final int partSize;
  private final List<CompletedPart> parts = new ArrayList<>();
  private final OutputStream stream = new PartStream();
  private byte[] buffer;
  private byte[] spare;
  private int filled;
  private String uploadId;
  private Future<CompletedPart> inFlight;
  private boolean committed;
  private boolean closed;

  S3Upload(
      S3Client s3,
      ExecutorService uploader,
      String bucket,
      String objectKey,
      int partSize,
      String description) {
    this.s3 = s3;
    this.uploader = uploader;
    this.bucket = bucket;
    this.objectKey = objectKey;
    this.description = description;
    this.partSize = partSize;
    this.buffer = new byte[partSize];
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public void commit() throws IOException {
    ensureOpen();
    try {
      if (uploadId == null) {
        int length = filled;
        byte[] bytes = buffer;
        s3.putObject(
            b -> b.bucket(bucket).key(objectKey).contentLength((long) length), body(bytes, length));
      } else {
        if (filled > 0) {
          startPart();
        }
        awaitInFlight();
        s3.completeMultipartUpload(
            b ->
                b.bucket(bucket)
                    .key(objectKey)
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
      }
      committed = true;
    } catch (SdkException e) {
      throw failure("commit", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!committed && inFlight != null) {
      inFlight.cancel(true);
      try {
        inFlight.get();
      } catch (Exception e) {
        // Cancelled or failed: either way the upload is being discarded.
      }
    }
    if (!committed && uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
      } catch (SdkException e) {
        // The upload stays invisible either way; a bucket lifecycle rule reaps its parts.
        LOG.warn(
            "could not abort multipart upload {} of {}: {}", uploadId, description, e.toString());
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (closed || committed) {
      throw new IOException("upload of " + description + " is already finished");
    }
  }

  /** Hands the full buffer to the background uploader and continues in the spare one. */
  private void startPart() throws IOException {
    awaitInFlight();
    try {
      if (uploadId == null) {
        uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId();
      }
    } catch (SdkException e) {
      throw failure("start multipart upload", e);
    }
    int partNumber = parts.size() + 1;
    byte[] bytes = buffer;
    int length = filled;
    String id = uploadId;
    inFlight = uploader.submit(() -> uploadPart(id, partNumber, bytes, length));
    buffer = spare != null ? spare : new byte[partSize];
    spare = bytes;
    filled = 0;
  }

  private CompletedPart uploadPart(String id, int partNumber, byte[] bytes, int length) {
    UploadPartResponse response =
        s3.uploadPart(
            b ->
                b.bucket(bucket)
                    .key(objectKey)
                    .uploadId(id)
                    .partNumber(partNumber)
                    .contentLength((long) length),
            body(bytes, length));
    return CompletedPart.builder()
        .partNumber(partNumber)
        .eTag(response.eTag())
        .checksumCRC32(response.checksumCRC32())
        .checksumCRC32C(response.checksumCRC32C())
        .checksumCRC64NVME(response.checksumCRC64NVME())
        .checksumSHA1(response.checksumSHA1())
        .checksumSHA256(response.checksumSHA256())
        .build();
  }

  /** Waits for the part in flight, if any, and records it. */
  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    Future<CompletedPart> pending = inFlight;
    inFlight = null;
    try {
      parts.add(pending.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      throw new InterruptedIOException(
          "interrupted while uploading part " + (parts.size() + 1) + " of " + description);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SdkException sdk) {
        throw failure("upload part " + (parts.size() + 1), sdk);
      }
      throw new IOException(
          "upload part " + (parts.size() + 1) + " of " + description + " failed: " + cause, cause);
    }
  }

  private static RequestBody body(byte[] bytes, int length) {
    // A stream over the buffer avoids copying the part; the SDK resets it for retries.
    return RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length);
  }

  private IOException failure(String action, SdkException e) {
    if (e instanceof AbortedException) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted during " + action + " of " + description);
      interrupted.initCause(e);
      return interrupted;
    }
    return new IOException("s3 " + action + " of " + description + " failed: " + e.getMessage(), e);
  }

  private final class PartStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      ensureOpen();
      if (filled == buffer.length) {
        startPart();
      }
      buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      while (len > 0) {
        if (filled == buffer.length) {
          startPart();
        }
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }
  }
}
