package io.zkdr.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where and how an {@link S3BlobStore} connects, parsed from {@code
 * s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true} and an option
 * map (from configuration; it overrides the query).
 *
 * <p>Options: {@code endpoint}, {@code region} (default {@code us-east-1}), {@code pathStyle}
 * ({@code true}/{@code false}), {@code accessKeyId} + {@code secretAccessKey} (otherwise the AWS
 * default credential chain), {@code partSize} (bytes, default 16 MiB, at least 5 MiB), {@code
 * checksums} ({@code when_supported}, the SDK default, or {@code when_required} for S3-compatible
 * stores that refuse the SDK's trailing checksums), {@code listPageSize} (keys per list request,
 * default and maximum 1000).
 *
 * @param bucket the bucket
 * @param keyPrefix prefix added to every key, empty or ending with {@code /}
 */
public record S3BlobStoreConfig(
    URI uri,
    String bucket,
    String keyPrefix,
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKeyId,
    String secretAccessKey,
    int partSize,
    boolean checksumsWhenRequiredOnly,
    int listPageSize) {

  /** Default multipart part size. */
  public static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;

  /** S3's smallest part size (except the last part). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private static final Set<String> KNOWN =
      Set.of(
          "endpoint",
          "region",
          "pathStyle",
          "accessKeyId",
          "secretAccessKey",
          "partSize",
          "checksums",
          "listPageSize");

  /** Parses the URI and options; unknown options are an error so typos do not pass silently. */
  public static S3BlobStoreConfig parse(URI uri, Map<String, String> options) {
    if (!"s3".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not an s3: URI: " + uri);
    }
    String bucket = uri.getHost();
    if (bucket == null || bucket.isEmpty()) {
      bucket = uri.getAuthority();
    }
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("s3 URI has no bucket: " + uri);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.isEmpty()) {
      BlobKeys.validate(path);
    }
    Map<String, String> all = new LinkedHashMap<>(parseQuery(uri));
    all.putAll(options);
    for (String name : all.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException(
            "unknown s3 store option '" + name + "' for " + uri + "; known: " + KNOWN);
      }
    }
    String endpointText = all.get("endpoint");
    URI endpoint = endpointText == null || endpointText.isEmpty() ? null : URI.create(endpointText);
    String region = all.getOrDefault("region", "us-east-1");
    boolean pathStyle = Boolean.parseBoolean(all.getOrDefault("pathStyle", "false"));
    String accessKeyId = all.get("accessKeyId");
    String secret = all.get("secretAccessKey");
    if ((accessKeyId == null) != (secret == null)) {
      throw new IllegalArgumentException(
          "s3 store " + uri + ": give both accessKeyId and secretAccessKey, or neither");
    }
    int partSize = DEFAULT_PART_SIZE;
    if (all.containsKey("partSize")) {
      partSize = Integer.parseInt(all.get("partSize"));
      if (partSize < MIN_PART_SIZE) {
        throw new IllegalArgumentException(
            "s3 store "
                + uri
                + ": partSize "
                + partSize
                + " is below S3's minimum "
                + MIN_PART_SIZE);
      }
    }
    String checksums = all.getOrDefault("checksums", "when_supported");
    if (!checksums.equals("when_supported") && !checksums.equals("when_required")) {
      throw new IllegalArgumentException(
          "s3 store "
              + uri
              + ": checksums must be when_supported or when_required, not "
              + checksums);
    }
    int listPageSize = Integer.parseInt(all.getOrDefault("listPageSize", "1000"));
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException(
          "s3 store " + uri + ": listPageSize " + listPageSize + " outside 1..1000");
    }
    return new S3BlobStoreConfig(
        uri,
        bucket,
        path.isEmpty() ? "" : path + "/",
        endpoint,
        region,
        pathStyle,
        accessKeyId,
        secret,
        partSize,
        checksums.equals("when_required"),
        listPageSize);
  }

  private static Map<String, String> parseQuery(URI uri) {
    Map<String, String> result = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return result;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return result;
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "S3BlobStoreConfig[bucket="
        + bucket
        + ", keyPrefix="
        + keyPrefix
        + ", endpoint="
        + endpoint
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", partSize="
        + partSize
        + "]";
  }
}
