//! A real `xuncha serve` process and the lines it logs (JSON lines on its standard error).

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde_json::Value;

/// A `serve` process and the lines it logs.
pub struct ServeProcess {
    pub child: std::process::Child,
    logs: mpsc::Receiver<Value>,
    transcript: Arc<Mutex<Vec<String>>>,
    pub base: String,
}

impl ServeProcess {
    /// `xuncha serve` on a free port with one worker and `args`.
    pub fn start(args: &[&str]) -> Self {
        Self::start_with_workers(1, args)
    }

    /// `xuncha serve` on a free port with `workers` workers and `args`.
    pub fn start_with_workers(workers: usize, args: &[&str]) -> Self {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let workers = workers.to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--workers",
                &workers,
                "--log-json",
            ])
            .args(args)
            .env_remove("XUNCHA_TOKEN")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, logs) = mpsc::channel();
        let transcript = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&transcript);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let value = serde_json::from_str(&line).expect("JSON log lines");
                kept.lock().unwrap().push(line);
                if sender.send(value).is_err() {
                    break;
                }
            }
        });
        let mut process = Self {
            child,
            logs,
            transcript,
            base: String::new(),
        };
        let listening = process.wait_for(|l| l["fields"]["addr"].is_string());
        process.base = format!("http://{}", listening["fields"]["addr"].as_str().unwrap());
        process
    }

    /// The first log line from now on that satisfies `wanted`.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let line = self
                .logs
                .recv_timeout(Duration::from_secs(20))
                .expect("the expected log line comes");
            if wanted(&line) {
                return line;
            }
        }
    }

    /// Every line logged so far that no `wait_for` has taken.
    pub fn lines_so_far(&mut self) -> Vec<Value> {
        std::iter::from_fn(|| self.logs.try_recv().ok()).collect()
    }

    /// Every line logged so far, as written.
    pub fn transcript(&self) -> Vec<String> {
        self.transcript.lock().unwrap().clone()
    }

    /// Sends `signal` (`-TERM`, `-HUP`) to the process.
    pub fn signal(&self, signal: &str) {
        // The shell's own `kill`, so that no procps package is needed.
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill {signal} {}", self.child.id())])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The message of a JSON log line.
pub fn message_of(line: &Value) -> &str {
    line["fields"]["message"].as_str().unwrap_or_default()
}
