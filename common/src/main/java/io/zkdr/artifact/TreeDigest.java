package io.zkdr.artifact;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * ZooKeeper's data-tree digest at one zxid, as the server reports it ({@code hash} command) and as
 * a replay recomputes it.
 *
 * @param zxid the zxid the digest belongs to
 * @param version ZooKeeper's digest version ({@code digest_version}, 2 in 3.9)
 * @param value the digest itself
 */
public record TreeDigest(
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long zxid,
    int version,
    long value) {}
