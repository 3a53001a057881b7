using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Loyalty.Sdk.Cli;

/// <summary>The pieces the tool's JSON documents share: arrays of rows, and numbers that may be missing.</summary>
internal static class JsonParts
{
    /// <summary>An array property with one object per row.</summary>
    public static void Array<T>(Utf8JsonWriter json, string name, IEnumerable<T> rows, Action<Utf8JsonWriter, T> row)
    {
        json.WriteStartArray(name);
        foreach (var item in rows)
        {
            row(json, item);
        }

        json.WriteEndArray();
    }

    /// <summary>A number, or null when it is missing.</summary>
    public static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && !double.IsNaN(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>An estimate as <c>{mean, low, high}</c>, each null when missing.</summary>
    public static void Estimate(Utf8JsonWriter json, string name, Analytics.Estimate estimate)
    {
        json.WriteStartObject(name);
        Number(json, "mean", estimate.Mean);
        Number(json, "low", estimate.Low);
        Number(json, "high", estimate.High);
        json.WriteEndObject();
    }

    /// <summary>A decimal number, or null when it is missing.</summary>
    public static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
