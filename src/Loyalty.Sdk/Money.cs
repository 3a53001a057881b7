using System;
using System.Globalization;

namespace Loyalty.Sdk;

/// <summary>An exact amount of money in one ISO 4217 currency.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
public readonly record struct Money
{
    /// <summary>Initializes a new instance of the <see cref="Money"/> struct.</summary>
    /// <param name="amount">The amount, exact (<see cref="decimal"/>).</param>
    /// <param name="currency">The currency.</param>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is the default instance.</exception>
    public Money(decimal amount, CurrencyCode currency)
    {
        Guard.NotDefault(currency.IsDefault, nameof(currency));
        Amount = amount;
        Currency = currency;
    }

    /// <summary>Gets the amount.</summary>
    public decimal Amount { get; }

    /// <summary>Gets the currency.</summary>
    public CurrencyCode Currency { get; }

    /// <summary>Creates an amount in the currency with the given ISO 4217 code.</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currencyCode">An ISO 4217 code such as <c>EUR</c>.</param>
    /// <returns>The money.</returns>
    /// <exception cref="ArgumentException"><paramref name="currencyCode"/> is not an ISO 4217 code.</exception>
    public static Money Of(decimal amount, string currencyCode) => new(amount, CurrencyCode.Parse(currencyCode));

    /// <inheritdoc />
    public override string ToString() => Amount.ToString(CultureInfo.InvariantCulture) + " " + Currency.Code;
}
