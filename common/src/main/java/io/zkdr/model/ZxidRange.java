package io.zkdr.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.zkdr.json.ZxidJson;

/**
 * An inclusive range of zxids.
 *
 * @param from first zxid
 * @param to last zxid
 */
public record ZxidRange(
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long from,
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long to) {}
