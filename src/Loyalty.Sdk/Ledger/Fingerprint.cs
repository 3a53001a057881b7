using System.Globalization;
using System.Text;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Builds the canonical text of a command's payload. Fields are length-prefixed, so no value can be confused with a
/// separator; two commands have the same fingerprint exactly when their payloads are equal.
/// </summary>
internal sealed class Fingerprint
{
    private readonly StringBuilder _text = new(96);

    public Fingerprint(string kind) => Add(kind);

    public Fingerprint Add(string? value)
    {
        if (value is null)
        {
            _text.Append("~;");
            return this;
        }

        _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        return this;
    }

    public Fingerprint Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

    public Fingerprint Add(decimal value) => Add(value.ToString(CultureInfo.InvariantCulture));

    public Fingerprint Add(Instant value) => Add(value.ToUnixTimeTicks());

    public override string ToString() => _text.ToString();
}
