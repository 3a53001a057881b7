using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Loyalty.Sdk;

/// <summary>An ISO 4217 alphabetic currency code such as <c>EUR</c>, <c>USD</c> or <c>CNY</c>.</summary>
/// <remarks>This type is an immutable value type and is thread-safe. Only codes in the ISO 4217 list are accepted.</remarks>
public readonly record struct CurrencyCode : IComparable<CurrencyCode>
{
    // ISO 4217 list one (current codes, including funds and precious-metal codes), as published by SIX.
    private static readonly FrozenSet<string> Known = (
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL " +
        "GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD " +
        "KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO " +
        "NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD " +
        "SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV " +
        "WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG")
        .Split(' ').ToFrozenSet(StringComparer.Ordinal);

    private readonly string? _code;

    private CurrencyCode(string code) => _code = code;

    /// <summary>Gets the three-letter code; empty for the default instance.</summary>
    public string Code => _code ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default (uninitialised) instance.</summary>
    public bool IsDefault => _code is null;

    /// <summary>Gets the euro.</summary>
    public static CurrencyCode Eur { get; } = new("EUR");

    /// <summary>Gets the US dollar.</summary>
    public static CurrencyCode Usd { get; } = new("USD");

    /// <summary>Gets every code this type accepts.</summary>
    public static IReadOnlyCollection<string> All => Known;

    /// <summary>Parses an ISO 4217 code; the comparison is case-sensitive (codes are upper case).</summary>
    /// <param name="code">The three-letter code.</param>
    /// <returns>The currency.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not an ISO 4217 code.</exception>
    public static CurrencyCode Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!TryParse(code, out var result))
        {
            throw new ArgumentException($"'{code}' is not an ISO 4217 currency code.", nameof(code));
        }

        return result;
    }

    /// <summary>Tries to parse an ISO 4217 code.</summary>
    /// <param name="code">The three-letter code.</param>
    /// <param name="result">The currency when the code is known.</param>
    /// <returns>Whether the code is known.</returns>
    public static bool TryParse(string? code, out CurrencyCode result)
    {
        if (code is not null && Known.TryGetValue(code, out var interned))
        {
            result = new CurrencyCode(interned);
            return true;
        }

        result = default;
        return false;
    }

    /// <inheritdoc />
    public int CompareTo(CurrencyCode other) => string.CompareOrdinal(Code, other.Code);

    /// <inheritdoc />
    public override string ToString() => Code;
}
