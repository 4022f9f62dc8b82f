# The timing shared by the BEAM side's scripts (scenarios.exs, remote.exs): the settings of Settings.java, full
# and quick (keep the two in step), and iterations timed as io.otp4j.bench.scenario.Harness times them, printed in
# its line format:
#
#   ITER   <workload> <value> <unit>     one measured iteration, sample or round
#   RESULT <workload> <median> <unit>    their median
#
# and the servers both drive (the counter). Every client is a process: a batch hands work to the clients and waits
# for all of them.

defmodule Bench.Harness do
  @second 1_000_000_000

  def settings(false),
    do: %{iteration: @second, warmups: 2, measures: 5, memory_count: 100_000,
          scaling_count: 1_000_000, mailer_samples: 5, flood_messages: 2_000_000}

  def settings(true),
    do: %{iteration: div(@second * 3, 10), warmups: 2, measures: 3, memory_count: 20_000,
          scaling_count: 200_000, mailer_samples: 3, flood_messages: 500_000}

  def nanos, do: System.monotonic_time(:nanosecond)

  # One iteration: batches for at least the iteration's wall time; returns counted ns per operation.
  def iteration(s, ops, batch), do: iteration(s, ops, batch, nanos(), 0, 0)

  defp iteration(s, ops, batch, start, counted, done) do
    c = counted + batch.()
    d = done + ops
    if nanos() - start >= s.iteration, do: c / d, else: iteration(s, ops, batch, start, c, d)
  end

  # Nanoseconds per operation of batch, whose runs do ops operations each.
  def timed(s, name, ops, batch), do: samples(s, name, "ns/op", fn -> iteration(s, ops, batch) end)

  # Operations per second of batch.
  def throughput(s, name, ops, batch),
    do: samples(s, name, "ops/s", fn -> @second / iteration(s, ops, batch) end)

  def samples(s, name, unit, iteration) do
    for _ <- 1..s.warmups//1, do: iteration.()
    values = for _ <- 1..s.measures, do: iter(name, iteration.(), unit)
    result(name, values, unit)
  end

  # A workload is reported under its name followed by the suffix set with reporting_as/1 in the process that
  # reports it ("_contended" while a busy loop runs beside the node).
  def reporting_as(suffix), do: Process.put(:bench_suffix, suffix)

  defp reported(name), do: name <> Process.get(:bench_suffix, "")

  def iter(name, value, unit) do
    IO.puts("ITER #{reported(name)} #{:erlang.float_to_binary(value / 1, decimals: 1)} #{unit}")
    value
  end

  def result(name, values, unit) do
    median = median(values)
    IO.puts("RESULT #{reported(name)} #{:erlang.float_to_binary(median / 1, decimals: 1)} #{unit}")
    median
  end

  # Client processes: on {:go, driver} each runs job.(index) and answers {:done, self(), result}.
  def clients(count, job) do
    for c <- 0..(count - 1) do
      spawn(fn -> client_loop(job, c) end)
    end
  end

  defp client_loop(job, c) do
    receive do
      {:go, driver} ->
        send(driver, {:done, self(), job.(c)})
        client_loop(job, c)
    end
  end

  # Starts a batch on every client and waits for all; returns the ns to count: the whole batch, or what a single
  # client measured itself ({:elapsed, ns}, the starter) or returned as a latency (the mailer).
  def batch(clients) do
    t0 = nanos()
    Enum.each(clients, &send(&1, {:go, self()}))

    results =
      for c <- clients do
        receive do
          {:done, ^c, r} -> r
        end
      end

    elapsed = nanos() - t0

    case results do
      [{:elapsed, own}] -> own
      [{:latency, own}] -> own
      _ -> elapsed
    end
  end

  def median(values), do: Enum.at(Enum.sort(values), div(length(values), 2))
end

defmodule Bench.Counter do
  @moduledoc "The counter: calls :get and {:increment, by} (replies with the new value), cast {:add, n}."
  use GenServer

  @impl true
  def init(:plain), do: {:ok, 0}
  def init(:hibernate), do: {:ok, 0, :hibernate}

  @impl true
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_call({:increment, by}, _from, n), do: {:reply, n + by, n + by}

  @impl true
  def handle_cast({:add, k}, n), do: {:noreply, n + k}

  # n increment calls in a row on server (a pid, a name, or {name, node} on another node)
  def increments(_server, 0), do: :ok

  def increments(server, n) do
    GenServer.call(server, {:increment, 1})
    increments(server, n - 1)
  end

  def start(kind \\ :plain) do
    {:ok, pid} = GenServer.start(__MODULE__, kind)
    pid
  end
end
