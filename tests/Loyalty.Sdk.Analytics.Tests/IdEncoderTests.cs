using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Retention;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class IdEncoderTests
{
    /// <summary>
    /// The laws, against a dictionary: indexes are dense in order of first appearance; decoding gives the id back;
    /// a lookup finds exactly the ids encoded; encoding a batch equals encoding its ids one by one (across table growth).
    /// </summary>
    [Fact]
    public void Laws_AgreeWithADictionary()
    {
        var ids = Gen.ArrayOf(Gen.OneOf(Gen.Elements("", "a", "A", "12346.0", "12346", "ü", "a b"), from n in Gen.Choose(0, 3000) select $"c{n}"));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(ids.ToArbitrary(), ids.ToArbitrary(), (first, second) =>
        {
            var encoder = new IdEncoder();
            var reference = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var id in first)
            {
                var expected = reference.TryGetValue(id, out var known) ? known : reference[id] = reference.Count;
                Assert.Equal(expected, encoder.Encode(id));
            }

            var chars = string.Concat(second);
            var starts = new int[second.Length];
            var lengths = second.Select(s => s.Length).ToArray();
            for (var i = 1; i < second.Length; i++)
            {
                starts[i] = starts[i - 1] + lengths[i - 1];
            }

            var indexes = new int[second.Length];
            encoder.Encode(chars, starts, lengths, indexes);
            Assert.Equal(second.Select(id => reference.TryGetValue(id, out var known) ? known : reference[id] = reference.Count), indexes);
            Assert.Equal(reference.Count, encoder.Count);
            Assert.All(reference, r => Assert.Equal(r.Key, encoder.Decode(r.Value)));
            Assert.All(reference, r => Assert.True(encoder.TryGetIndex(r.Key.AsSpan(), out var index) && index == r.Value));
            Assert.False(encoder.TryGetIndex("never-encoded", out _));
        }));
    }

    [Fact]
    public void ManyIds_GrowTheTable_AndKeepTheirIndexes()
    {
        var encoder = new IdEncoder();
        for (var i = 0; i < 200_000; i++)
        {
            Assert.Equal(i, encoder.Encode($"customer-{i}"));
        }

        Assert.Equal(123_456, encoder.Encode("customer-123456"));
        Assert.Equal("customer-199999", encoder.Decode(199_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Decode(200_000));
    }
}
