namespace Rounds.Privacy.Bench;

/// <summary>Where the time goes (--prof): 0 tokens only, then shaped patterns, word classes (5), token walk, name spreading, settling added in turn.</summary>
internal static class Prof
{
    public static void Run(List<string> posts)
    {
        var mb = posts.Sum(p => (long)p.Length) / 1e6;
        for (var rep = 0; rep < 4; rep++)
        {
            var line = new List<string>();
            foreach (var phase in new[] { 0, 1, 5, 2, 3, 4 })
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                foreach (var p in posts) Scanner.ScanPhases(p, phase);
                line.Add($"{phase}: {mb / sw.Elapsed.TotalSeconds:0} MB/s");
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var p in posts) TextGuard.Default.Scan(p);
            line.Add($"allocated {(GC.GetAllocatedBytesForCurrentThread() - before) / posts.Count} bytes per post");
            Console.WriteLine(string.Join(", ", line));
        }
    }
}
