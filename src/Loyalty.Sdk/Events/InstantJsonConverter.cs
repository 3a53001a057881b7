using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Events;

/// <summary>Writes instants as ISO 8601 UTC text (<c>2026-03-01T09:00:00Z</c>).</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}
