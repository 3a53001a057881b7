using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Hashes the canonical form of a command's payload: fields are written length-prefixed (so no value can be confused
/// with a separator) into a pooled buffer and hashed with SHA-256, truncated to 128 bits. Two commands have the same
/// fingerprint exactly when their payloads are equal (up to a 2^-64 collision chance, even for chosen payloads).
/// </summary>
internal sealed class Fingerprint : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public Fingerprint(string kind)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(256);
        Add(kind);
    }

    public Fingerprint Add(string? value)
    {
        if (value is null)
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), -1);
            _length += 4;
            return this;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(4 + max);
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
        return this;
    }

    public Fingerprint Add(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
        return this;
    }

    /// <summary>Adds a decimal by value: trailing zeros do not matter (19.99 and 19.990 are the same amount).</summary>
    public Fingerprint Add(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value / 1.000000000000000000000000000000000m, bits);
        foreach (var part in bits)
        {
            Add(part);
        }

        return this;
    }

    /// <summary>Adds an instant exactly, to the nanosecond.</summary>
    public Fingerprint Add(Instant value)
    {
        var sinceEpoch = value - NodaConstants.UnixEpoch;
        return Add(sinceEpoch.Days).Add(sinceEpoch.NanosecondOfDay);
    }

    public UInt128 Hash()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, _length), hash);
        return new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]));
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
