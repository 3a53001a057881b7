using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>Reads and writes a counter as <c>[name, "yyyy-MM-dd" or null, value]</c>.</summary>
internal sealed class CounterDocumentConverter : JsonConverter<CounterDocument>
{
    public override CounterDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArrayDocument.Start(ref reader);
        var name = ArrayDocument.String(ref reader) ?? throw new JsonException("A counter's name is null.");
        var start = ArrayDocument.String(ref reader);
        var value = ArrayDocument.Int64(ref reader);
        ArrayDocument.End(ref reader);
        return new CounterDocument(name, start, value);
    }

    public override void Write(Utf8JsonWriter writer, CounterDocument value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Name);
        if (value.PeriodStart is { } start)
        {
            writer.WriteStringValue(start);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteNumberValue(value.Value);
        writer.WriteEndArray();
    }
}
