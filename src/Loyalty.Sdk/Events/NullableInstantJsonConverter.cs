using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Events;

/// <summary>Writes optional instants as ISO 8601 UTC text or null.</summary>
internal sealed class NullableInstantJsonConverter : JsonConverter<Instant?>
{
    public override bool HandleNull => true;

    public override Instant? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, Instant? value, JsonSerializerOptions options)
    {
        if (value is { } instant)
        {
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(instant));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
