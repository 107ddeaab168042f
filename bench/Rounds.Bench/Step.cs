using System.Diagnostics;

namespace Rounds.Bench;

/// <summary>Times a step and prints it.</summary>
public static class Step
{
    public static async Task<T> Run<T>(string what, Func<Task<T>> work)
    {
        Console.Write($"  {what}… ");
        var sw = Stopwatch.StartNew();
        var result = await work();
        Console.WriteLine($"{sw.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    public static Task Run(string what, Func<Task> work) => Run(what, async () => { await work(); return 0; });
}
