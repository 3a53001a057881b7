using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>
/// Reads and writes an accrual line as <c>[lineId, sku, category, units, unitPrice, baseAmount, pointsPerUnit,
/// multiplier, points, returnedUnits, reversedPoints, [rules]]</c>. Decimals are JSON numbers written with their scale
/// (9.90 stays 9.90; System.Text.Json reads a number's scale back exactly); lines written before version 1.1 quote them,
/// and both read. The trailing elements are left out while they hold their defaults (nothing returned, nothing
/// reversed, no rules): most lines are never returned, and an accrual row is about a third of an earn's bytes.
/// </summary>
internal sealed class AccrualLineDocumentConverter : JsonConverter<AccrualLine>
{
    public override AccrualLine Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArrayDocument.Start(ref reader);
        var lineId = Required(ArrayDocument.String(ref reader), "line id");
        var sku = Required(ArrayDocument.String(ref reader), "sku");
        var category = Required(ArrayDocument.String(ref reader), "category");
        var units = checked((int)ArrayDocument.Int64(ref reader));
        var unitPrice = Number(ref reader);
        var baseAmount = Number(ref reader);
        var perUnit = Number(ref reader);
        var multiplier = Number(ref reader);
        var points = Points.FromInt64(ArrayDocument.Int64(ref reader));

        // The optional tail: each element may be the array's end, after which the rest keep their defaults.
        var returned = ArrayDocument.Int64OrEnd(ref reader);
        var reversed = returned is null ? null : ArrayDocument.Int64OrEnd(ref reader);
        string[] rules = [];
        if (reversed is not null)
        {
            if (!reader.Read())
            {
                throw new JsonException("The array ends early.");
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                rules = Rules(ref reader);
                ArrayDocument.End(ref reader);
            }
        }

        return new AccrualLine
        {
            LineId = lineId,
            Sku = sku,
            Category = category,
            Units = units,
            UnitPrice = unitPrice,
            BaseAmount = baseAmount,
            PointsPerCurrencyUnit = perUnit,
            Multiplier = multiplier,
            Points = points,
            ReturnedUnits = checked((int)(returned ?? 0)),
            ReversedPoints = Points.FromInt64(reversed ?? 0),
            Rules = rules,
        };
    }

    public override void Write(Utf8JsonWriter writer, AccrualLine value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.LineId);
        writer.WriteStringValue(value.Sku);
        writer.WriteStringValue(value.Category);
        writer.WriteNumberValue(value.Units);
        writer.WriteNumberValue(value.UnitPrice);
        writer.WriteNumberValue(value.BaseAmount);
        writer.WriteNumberValue(value.PointsPerCurrencyUnit);
        writer.WriteNumberValue(value.Multiplier);
        writer.WriteNumberValue(value.Points.Value);
        var rules = value.Rules.Count > 0;
        var reversed = rules || !value.ReversedPoints.IsZero;
        if (reversed || value.ReturnedUnits != 0)
        {
            writer.WriteNumberValue(value.ReturnedUnits);
        }

        if (reversed)
        {
            writer.WriteNumberValue(value.ReversedPoints.Value);
        }

        if (rules)
        {
            writer.WriteStartArray();
            foreach (var rule in value.Rules)
            {
                writer.WriteStringValue(rule);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static string[] Rules(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
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

    /// <summary>A decimal: a JSON number, or (as written before version 1.1) a string holding one.</summary>
    private static decimal Number(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The array ends early.");
        }

        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDecimal(),
            JsonTokenType.String => decimal.Parse(reader.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
            _ => throw new JsonException($"An accrual line's amount must be a number, found {reader.TokenType}."),
        };
    }
}
