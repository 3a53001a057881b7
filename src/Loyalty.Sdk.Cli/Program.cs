using System;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>loyalty</c> tool's entry point.</summary>
internal static class Program
{
    private static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
