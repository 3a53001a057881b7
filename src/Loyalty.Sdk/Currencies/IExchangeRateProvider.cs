using NodaTime;

namespace Loyalty.Sdk.Currencies;

/// <summary>Supplies the exchange rate used to convert an order's currency into the program's base currency.</summary>
/// <remarks>Implementations must be thread-safe: one provider serves concurrent commands.</remarks>
public interface IExchangeRateProvider
{
    /// <summary>Gets how many units of <paramref name="to"/> one unit of <paramref name="from"/> bought at <paramref name="at"/>.</summary>
    /// <param name="from">The order's currency.</param>
    /// <param name="to">The program's base currency.</param>
    /// <param name="at">The instant of the order.</param>
    /// <param name="rate">The rate, greater than zero, when one is known.</param>
    /// <returns>Whether a rate is known; a missing rate makes the earn a typed rejection, never zero points.</returns>
    bool TryGetRate(CurrencyCode from, CurrencyCode to, Instant at, out decimal rate);
}
