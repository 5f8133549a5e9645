package io.zkdr.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3 bucket (AWS or any S3-compatible service), through the AWS SDK v2 with the
 * Apache HTTP client. See {@link S3BlobStoreConfig} for the URI and options.
 *
 * <p>Objects up to one part are written with a single PUT on commit; larger ones as a multipart
 * upload that is completed on commit and aborted on close without commit, so nothing partial is
 * ever visible under a key. Each upload sends its parts from a background thread while the caller
 * fills the next part.
 */
public final class S3BlobStore implements BlobStore {
  private final S3BlobStoreConfig config;
  private final S3Client s3;
  private final ExecutorService uploader;

  /** Opens a client for the store described by {@code config}. */
  public S3BlobStore(S3BlobStoreConfig config) {
    this.config = config;
    AwsCredentialsProvider credentials =
        config.accessKeyId() != null
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()))
            : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyle())
            .credentialsProvider(credentials);
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    if (config.checksumsWhenRequiredOnly()) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    this.s3 = builder.build();
    AtomicInteger threads = new AtomicInteger();
    this.uploader =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "zkdr-s3-upload-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens the store of an {@code s3:} URI with extra options (see {@link S3BlobStoreConfig}). */
  public static S3BlobStore open(URI uri, Map<String, String> options) {
    return new S3BlobStore(S3BlobStoreConfig.parse(uri, options));
  }

  /** The parsed configuration. */
  public S3BlobStoreConfig config() {
    return config;
  }

  @Override
  public URI uri() {
    return config.uri();
  }

  @Override
  public BlobUpload create(String key) {
    return new S3Upload(
        s3, uploader, config.bucket(), objectKey(key), config.partSize(), describe(key));
  }

  @Override
  public InputStream open(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      return s3.getObject(
          GetObjectRequest.builder().bucket(config.bucket()).key(objectKey).build());
    } catch (NoSuchKeyException e) {
      throw noSuchObject(key, e);
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public InputStream openRange(String key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "bad range offset=" + offset + " length=" + length + " for '" + key + "'");
    }
    String objectKey = objectKey(key);
    if (length == 0) {
      if (stat(key).isEmpty()) {
        throw noSuchObject(key, null);
      }
      return InputStream.nullInputStream();
    }
    try {
      return s3.getObject(
          GetObjectRequest.builder()
              .bucket(config.bucket())
              .key(objectKey)
              .range("bytes=" + offset + "-" + (offset + length - 1))
              .build());
    } catch (NoSuchKeyException e) {
      throw noSuchObject(key, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        EOFException eof =
            new EOFException(
                "range of " + describe(key) + " starts at " + offset + " past the end");
        eof.initCause(e);
        throw eof;
      }
      throw failure("read", key, e);
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(config.bucket()).key(objectKey));
      return Optional.of(new BlobInfo(key, head.contentLength(), head.lastModified()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("stat", key, e);
    } catch (SdkException e) {
      throw failure("stat", key, e);
    }
  }

  @Override
  public List<BlobInfo> list(String prefix) throws IOException {
    String p = BlobKeys.validatePrefix(prefix);
    List<BlobInfo> result = new ArrayList<>();
    try {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder()
              .bucket(config.bucket())
              .prefix(config.keyPrefix() + p)
              .maxKeys(config.listPageSize())
              .build();
      for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
        for (S3Object object : page.contents()) {
          result.add(
              new BlobInfo(
                  object.key().substring(config.keyPrefix().length()),
                  object.size(),
                  object.lastModified()));
        }
      }
    } catch (SdkException e) {
      throw failure("list", p, e);
    }
    // S3 lists in UTF-8 binary order; sort so every store answers in the same order.
    result.sort((a, b) -> a.key().compareTo(b.key()));
    return result;
  }

  @Override
  public void delete(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      s3.deleteObject(b -> b.bucket(config.bucket()).key(objectKey));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public void close() {
    uploader.shutdownNow();
    s3.close();
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + config + "]";
  }

  private String objectKey(String key) {
    return config.keyPrefix() + BlobKeys.validate(key);
  }

  private String describe(String key) {
    return "'" + key + "' in s3://" + config.bucket() + "/" + config.keyPrefix();
  }

  private NoSuchFileException noSuchObject(String key, Exception cause) {
    NoSuchFileException e =
        new NoSuchFileException(objectKey(key), null, "no object " + describe(key));
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private IOException failure(String action, String key, SdkException e) {
    if (e instanceof AbortedException) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted during " + action + " of " + describe(key));
      interrupted.initCause(e);
      return interrupted;
    }
    return new IOException(
        "s3 " + action + " of " + describe(key) + " failed: " + e.getMessage(), e);
  }
}
