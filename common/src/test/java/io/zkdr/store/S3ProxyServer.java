package io.zkdr.store;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 endpoint for tests: S3Proxy over jclouds' in-memory "transient" store, listening on
 * 127.0.0.1 on a free port, with one bucket created.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "zkdr-test";
  public static final String SECRET_KEY = "zkdr-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final String bucket;

  private S3ProxyServer(String bucket) throws Exception {
    this.bucket = bucket;
    this.context =
        ContextBuilder.newBuilder("transient")
            .credentials(ACCESS_KEY, SECRET_KEY)
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, bucket);
    this.proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  /** Starts a server with {@code bucket}. */
  public static S3ProxyServer start(String bucket) throws Exception {
    return new S3ProxyServer(bucket);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** {@code s3://bucket/keyPrefix?endpoint=...&pathStyle=true}. */
  public URI storeUri(String keyPrefix) {
    return URI.create(
        "s3://" + bucket + "/" + keyPrefix + "?endpoint=" + endpoint() + "&pathStyle=true");
  }

  /**
   * Options carrying the test credentials. S3Proxy rejects the SDK's default trailing checksums
   * (aws-chunked with x-amz-checksum trailer), so checksums are sent only where S3 requires them.
   */
  public Map<String, String> credentials() {
    return Map.of(
        "accessKeyId", ACCESS_KEY, "secretAccessKey", SECRET_KEY, "checksums", "when_required");
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
