using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>
/// Reads and writes an accrual line as <c>[lineId, sku, category, units, "unitPrice", "baseAmount", "pointsPerUnit",
/// "multiplier", points, returnedUnits, reversedPoints, [rules]]</c>: decimals as strings, so they keep their scale.
/// </summary>
internal sealed class AccrualLineDocumentConverter : JsonConverter<AccrualLine>
{
    public override AccrualLine Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArrayDocument.Start(ref reader);
        var line = new AccrualLine
        {
            LineId = Required(ArrayDocument.String(ref reader), "line id"),
            Sku = Required(ArrayDocument.String(ref reader), "sku"),
            Category = Required(ArrayDocument.String(ref reader), "category"),
            Units = checked((int)ArrayDocument.Int64(ref reader)),
            UnitPrice = Number(ArrayDocument.String(ref reader)),
            BaseAmount = Number(ArrayDocument.String(ref reader)),
            PointsPerCurrencyUnit = Number(ArrayDocument.String(ref reader)),
            Multiplier = Number(ArrayDocument.String(ref reader)),
            Points = Points.FromInt64(ArrayDocument.Int64(ref reader)),
            ReturnedUnits = checked((int)ArrayDocument.Int64(ref reader)),
            ReversedPoints = Points.FromInt64(ArrayDocument.Int64(ref reader)),
            Rules = Rules(ref reader),
        };
        ArrayDocument.End(ref reader);
        return line;
    }

    public override void Write(Utf8JsonWriter writer, AccrualLine value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.LineId);
        writer.WriteStringValue(value.Sku);
        writer.WriteStringValue(value.Category);
        writer.WriteNumberValue(value.Units);
        writer.WriteStringValue(value.UnitPrice.ToString(CultureInfo.InvariantCulture));
        writer.WriteStringValue(value.BaseAmount.ToString(CultureInfo.InvariantCulture));
        writer.WriteStringValue(value.PointsPerCurrencyUnit.ToString(CultureInfo.InvariantCulture));
        writer.WriteStringValue(value.Multiplier.ToString(CultureInfo.InvariantCulture));
        writer.WriteNumberValue(value.Points.Value);
        writer.WriteNumberValue(value.ReturnedUnits);
        writer.WriteNumberValue(value.ReversedPoints.Value);
        writer.WriteStartArray();
        foreach (var rule in value.Rules)
        {
            writer.WriteStringValue(rule);
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
    }

    private static string[] Rules(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("An accrual line's rules must be an array.");
        }

        var rules = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            rules.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("A rule must be a string."));
        }

        return [.. rules];
    }

    private static string Required(string? value, string what) => value ?? throw new JsonException($"An accrual line's {what} is null.");

    private static decimal Number(string? text) =>
        decimal.Parse(text ?? throw new JsonException("An accrual line's amount is null."), NumberStyles.Number, CultureInfo.InvariantCulture);
}
