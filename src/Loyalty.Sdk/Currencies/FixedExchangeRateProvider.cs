using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Currencies;

/// <summary>Exchange rates from a fixed table that do not change over time; the inverse of every rate is derived.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class FixedExchangeRateProvider : IExchangeRateProvider
{
    private readonly FrozenDictionary<(CurrencyCode From, CurrencyCode To), decimal> _rates;
    private readonly (CurrencyCode From, CurrencyCode To, decimal Rate)[] _given;

    /// <summary>Initializes a new instance of the <see cref="FixedExchangeRateProvider"/> class.</summary>
    /// <param name="rates">Rates as (from, to, units of <c>to</c> per unit of <c>from</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="rates"/> is null.</exception>
    /// <exception cref="ArgumentException">A rate is not positive, or two rates contradict each other.</exception>
    public FixedExchangeRateProvider(IEnumerable<(CurrencyCode From, CurrencyCode To, decimal Rate)> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        _given = [.. rates];
        var table = new Dictionary<(CurrencyCode, CurrencyCode), decimal>();
        foreach (var (from, to, rate) in _given)
        {
            Guard.NotDefault(from.IsDefault || to.IsDefault, nameof(rates));
            if (rate < 1m / LoyaltyLimits.MaxRate || rate > LoyaltyLimits.MaxRate)
            {
                throw new ArgumentException($"The rate {from}->{to} must be between {1m / LoyaltyLimits.MaxRate} and {LoyaltyLimits.MaxRate}; got {rate}.", nameof(rates));
            }

            if (table.TryGetValue((from, to), out var existing) && existing != rate)
            {
                throw new ArgumentException($"The rate {from}->{to} is given twice with different values.", nameof(rates));
            }

            table[(from, to)] = rate;
            table.TryAdd((to, from), 1m / rate);
        }

        _rates = table.ToFrozenDictionary();
    }

    /// <summary>Gets the rates as given (inverses are derived, not listed).</summary>
    public IReadOnlyList<(CurrencyCode From, CurrencyCode To, decimal Rate)> Rates => _given;

    /// <inheritdoc />
    public bool TryGetRate(CurrencyCode from, CurrencyCode to, Instant at, out decimal rate)
    {
        if (from == to)
        {
            rate = 1m;
            return true;
        }

        return _rates.TryGetValue((from, to), out rate);
    }
}
