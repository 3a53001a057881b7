using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// Exchange rates into one base currency, from a CSV file with the header <c>date,currency,rate</c>: on each date,
/// one unit of the currency is worth <c>rate</c> units of the base currency. A row converts at the latest rate on or
/// before its local date; a currency with no such rate is an input problem (revenue is never dropped silently).
/// </summary>
internal sealed class RatesFile
{
    private readonly string _path;
    private readonly string _baseCurrency;
    private readonly Dictionary<string, (int Day, decimal Rate)[]> _rates;

    private RatesFile(string path, string baseCurrency, Dictionary<string, (int Day, decimal Rate)[]> rates)
    {
        _path = path;
        _baseCurrency = baseCurrency;
        _rates = rates;
    }

    /// <summary>Reads a rates file.</summary>
    /// <exception cref="InputException">The file is missing, or a line is not a date, a currency and a positive rate.</exception>
    public static RatesFile Load(string path, string baseCurrency)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"The rates file '{path}' does not exist.");
        }

        var rates = new Dictionary<string, List<(int Day, decimal Rate)>>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (number == 1 && fields is ["date", "currency", "rate"])
            {
                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (fields.Length != 3 || LocalDatePattern.Iso.Parse(fields[0]) is not { Success: true } date || fields[1].Length == 0 ||
                !decimal.TryParse(fields[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
            {
                throw new InputException($"The rates file '{path}' line {number}: expected date,currency,rate (yyyy-MM-dd, a currency code, a positive number), found '{line}'.");
            }

            if (!rates.TryGetValue(fields[1], out var list))
            {
                rates[fields[1]] = list = [];
            }

            list.Add((date.Value.ToDateOnly().DayNumber, rate));
        }

        return new RatesFile(path, baseCurrency, rates.ToDictionary(r => r.Key, r => r.Value.OrderBy(x => x.Day).ToArray(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Converts an amount in <paramref name="currency"/> on a local day into the base currency.</summary>
    /// <exception cref="InputException">There is no rate for the currency on or before the day.</exception>
    public decimal Convert(decimal amount, string currency, int day)
    {
        if (string.Equals(currency, _baseCurrency, StringComparison.OrdinalIgnoreCase))
        {
            return amount;
        }

        if (_rates.TryGetValue(currency, out var series))
        {
            // The first rate dated after the day; the one before it is the latest on or before the day (the last
            // of that date, if the file gives one date twice). Runs per row: no allocation.
            int low = 0, high = series.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                (low, high) = series[middle].Day <= day ? (middle + 1, high) : (low, middle);
            }

            if (low > 0)
            {
                return amount * series[low - 1].Rate;
            }
        }

        var date = LocalDate.FromDateOnly(DateOnly.FromDayNumber(day));
        throw new InputException($"The rates file '{_path}' has no {currency} rate on or before {LocalDatePattern.Iso.Format(date)} (into {_baseCurrency}).");
    }
}
