using System;
using System.Security.Cryptography;

namespace Loyalty.Sdk.Engagement;

/// <summary>Voucher codes: 80 random bits from the OS's cryptographic generator, in Crockford base 32 (no I, L, O, U), grouped by four.</summary>
internal static class VoucherCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> code = stackalloc char[19];
        var bits = 0;
        var buffer = 0;
        var written = 0;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                if (written is 4 or 9 or 14)
                {
                    code[written++] = '-';
                }

                code[written++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        return new string(code[..written]);
    }
}
