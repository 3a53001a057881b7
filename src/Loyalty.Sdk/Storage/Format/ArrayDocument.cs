using System.Text.Json;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>Steps through a fixed-length JSON array element by element, failing on any other shape.</summary>
internal static class ArrayDocument
{
    public static void Start(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array, found {reader.TokenType}.");
        }
    }

    public static string? String(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
        };
    }

    public static long Int64(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : throw new JsonException($"Expected a number, found {reader.TokenType}.");
    }

    /// <summary>The next element as a number, or null when the array ends there (the end is consumed).</summary>
    public static long? Int64OrEnd(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.EndArray => null,
            JsonTokenType.Number => reader.GetInt64(),
            _ => throw new JsonException($"Expected a number, found {reader.TokenType}."),
        };
    }

    public static void End(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("The array has more elements than expected.");
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The array ends early.");
        }
    }
}
