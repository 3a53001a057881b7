using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Analytics.Satisfaction;

namespace Loyalty.Sdk.Cli;

/// <summary>Reads a reviews file (order or customer, score, date) against the purchases it reviews.</summary>
internal static class ReviewsFile
{
    /// <summary>The reviews that name a customer or order of the purchases, and what happened to the other rows.</summary>
    public sealed record Contents(IReadOnlyList<Review> Reviews, ReviewScale Scale, long Rows, IReadOnlyDictionary<string, long> SetAside, IReadOnlyList<BadRow> FirstSetAside);

    /// <summary>Reads the reviews. The scale is <c>1-5</c>, <c>0-10</c>, or <c>auto</c>: 0–10 when a score is 0 or above 5.</summary>
    /// <exception cref="InputException">A column is missing, or no review could be used.</exception>
    public static Contents Read(string path, string delimiter, ReviewColumns columns, string scale, OrderFinder orders, TimeReader times)
    {
        using var rows = ExportRows.Open(path, delimiter);
        var scoreColumn = rows.Column(columns.Score, "--review-score");
        var timeColumn = rows.Column(columns.Time, "--review-time");
        var orderColumn = rows.Column(columns.Order, "--review-order");
        var customerColumn = rows.Column(columns.Customer, "--review-customer");
        rows.Require(scoreColumn, ColumnKind.Number, "--review-score");
        rows.Require(timeColumn, ColumnKind.Time, "--review-time");
        rows.Require(orderColumn, ColumnKind.Text, "--review-order");
        rows.Require(customerColumn, ColumnKind.Text, "--review-customer");
        var read = new List<Review>();
        var setAside = new Dictionary<string, long>(StringComparer.Ordinal);
        var first = new List<BadRow>();
        long count = 0;
        var zeroToTen = false;
        while (rows.Next(out var line))
        {
            count++;
            var reason = Parse(rows.Field(scoreColumn), rows.Field(timeColumn), times, out var score, out var day);
            var customerId = Text(rows.Field(customerColumn));
            var orderId = Text(rows.Field(orderColumn));
            var customer = -1;
            var order = -1;
            reason ??= customerId is null && orderId is null ? "missing customer and order" : orders.TryFind(customerId, orderId, out customer, out order);
            reason ??= scale == "1-5" && score is < 1 or > 5 ? $"score {score} outside 1–5" : null;
            if (reason is not null)
            {
                var kind = reason.IndexOf('\'') is var detail and > 0 ? reason[..detail].TrimEnd() : reason;
                setAside[kind] = setAside.GetValueOrDefault(kind) + 1;
                if (first.Count < PurchaseFile.BadRowsShown)
                {
                    first.Add(new BadRow(line, reason, rows.File));
                }

                continue;
            }

            zeroToTen |= score is 0 or > 5;
            read.Add(new Review(customer, order, day, score));
        }

        if (read.Count == 0)
        {
            throw new InputException($"The reviews file '{path}' has no usable review ({count:N0} row(s)).");
        }

        var chosen = scale switch { "1-5" => ReviewScale.OneToFive, "0-10" => ReviewScale.ZeroToTen, _ => zeroToTen ? ReviewScale.ZeroToTen : ReviewScale.OneToFive };
        return new Contents(read, chosen, count, setAside, first);
    }

    private static string? Text(string? field) => string.IsNullOrWhiteSpace(field) ? null : field.Trim();

    private static string? Parse(string? scoreText, string? timeText, TimeReader times, out int score, out int day)
    {
        score = 0;
        day = 0;
        if (string.IsNullOrWhiteSpace(scoreText))
        {
            return "missing score";
        }

        if (!decimal.TryParse(scoreText.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value != decimal.Truncate(value) || value is < 0 or > 10)
        {
            return $"score '{scoreText.Trim()}' is not a whole number from 0 to 10";
        }

        score = (int)value;
        if (string.IsNullOrWhiteSpace(timeText))
        {
            return "missing time";
        }

        return times.TryRead(timeText.Trim(), out day, out _) ? null : $"unparsable time '{timeText.Trim()}'";
    }
}

/// <summary>The columns of a reviews file: score and time, and the order, the customer or both.</summary>
internal sealed record ReviewColumns(string Score, string Time, string? Order, string? Customer);
