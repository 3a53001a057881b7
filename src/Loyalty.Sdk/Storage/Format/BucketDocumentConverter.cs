using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>Reads and writes a qualifying bucket as <c>[start, points, "spend", orders]</c>.</summary>
internal sealed class BucketDocumentConverter : JsonConverter<BucketDocument>
{
    public override BucketDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArrayDocument.Start(ref reader);
        var start = ArrayDocument.String(ref reader) ?? throw new JsonException("A bucket's start is null.");
        var points = ArrayDocument.Int64(ref reader);
        var spend = ArrayDocument.String(ref reader) ?? throw new JsonException("A bucket's spend is null.");
        var orders = checked((int)ArrayDocument.Int64(ref reader));
        ArrayDocument.End(ref reader);
        return new BucketDocument(start, points, spend, orders);
    }

    public override void Write(Utf8JsonWriter writer, BucketDocument value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Start);
        writer.WriteNumberValue(value.Points);
        writer.WriteStringValue(value.Spend);
        writer.WriteNumberValue(value.Orders);
        writer.WriteEndArray();
    }
}
