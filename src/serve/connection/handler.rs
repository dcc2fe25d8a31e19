//! What the SSH layer asks of one connection: authentication (passwords, keys, the
//! limits on guessing), its one channel, the terminal's size and input, and SFTP.

use super::*;

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(self.reject())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        // A client may not go past its three, whatever methods it was offered.
        if self.password_failures >= PASSWORDS_PER_CONNECTION {
            return Ok(self.reject());
        }
        self.password_failures += 1;
        let Some(name) = login_name(user) else {
            return Ok(self.reject());
        };
        let ip = self.ip();
        let begun = locked(&self.shared.guesses).begin(ip, &name, Instant::now());
        if let Err(wait) = begun {
            locked(&self.shared.refusals).log(&tr!(
                "«{}» с {} временно не допускается: много неверных паролей (ещё {} мин)",
                "«{}» from {} held back: too many wrong passwords ({} min more)",
                shown_login(user),
                ip,
                wait.as_secs().div_ceil(60)
            ));
            return Ok(self.reject());
        }
        // One address's checks take turns, a refusal holding its turn for a second:
        // guesses from one address go slowly however many connections make them,
        // while a right password waits only its turn.
        let turn = self.shared.checks_from(ip);
        let permit = turn.acquire_owned().await.ok();
        let turn_began = tokio::time::Instant::now();
        let (login, password, shared) = (
            user.to_string(),
            password.to_string(),
            Arc::clone(&self.shared),
        );
        let result =
            tokio::task::spawn_blocking(move || shared.check_password(&login, &password, ip))
                .await
                .unwrap_or(Err(LoginError::Wrong { failures: 1 }));
        locked(&self.shared.guesses).finish(ip, &name, result.is_ok(), Instant::now());
        if result.is_err() {
            tokio::time::sleep_until(turn_began + Duration::from_secs(1)).await;
        }
        drop(permit);
        if self.outcome(user, "password", result) {
            Ok(Auth::Accept)
        } else {
            Ok(self.reject())
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        key: &PublicKey,
    ) -> Result<Auth, Self::Error> {
        let (Some(_), Some(text)) = (login_name(user), crate::serve::key_text(key)) else {
            return Ok(self.reject());
        };
        let (login, shared) = (user.to_string(), Arc::clone(&self.shared));
        let from = self.ip().to_string();
        // One refused key a connection is recorded: a client offers its keys in turn.
        let record = !self.key_refused;
        let known = tokio::task::spawn_blocking(move || {
            locked(&shared.auth)
                .key_offered(&login, &text, &from, record)
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        if !known {
            self.key_refused = true;
        }
        Ok(if known { Auth::Accept } else { self.reject() })
    }

    async fn auth_publickey(&mut self, user: &str, key: &PublicKey) -> Result<Auth, Self::Error> {
        if login_name(user).is_none() {
            return Ok(self.reject());
        }
        let (login, key, shared) = (user.to_string(), key.clone(), Arc::clone(&self.shared));
        let result = tokio::task::spawn_blocking(move || shared.check_key(&login, &key))
            .await
            .unwrap_or(Err(LoginError::Wrong { failures: 1 }));
        Ok(if self.outcome(user, "key", result) {
            Auth::Accept
        } else {
            self.reject()
        })
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One channel a connection: a client wanting two sessions makes two connections,
        // which the connection caps count.
        if self.logged_in().is_none()
            || self.shared.stop.load(Ordering::Relaxed)
            || self.life.opened.swap(true, Ordering::SeqCst)
        {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.state = Some(ChannelState {
            id: Some(channel.id()),
            ..Default::default()
        });
        self.channel = Some(channel);
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.state.as_mut().filter(|s| s.id == Some(channel)) {
            Some(c) => {
                c.size = Some(clamp_size(cols, rows));
                // A name, not text to show: a short one kept for comparison only.
                c.term = term.chars().take(32).collect();
                session.channel_success(channel)?;
            }
            None => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let login = self.logged_in();
        if !self.is_our(channel) || login.is_none() || !self.start() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        let Some(login) = login else { return Ok(()) };
        // Data for the screens comes through this handler: the channel's own queue
        // would fill up unread.
        self.channel = None;
        if let Some(why) = locked(&self.life.refused).clone() {
            return say_and_close(session, channel, &why);
        }
        let Some(state) = self.state.as_mut() else {
            return Ok(());
        };
        let Some(size) = state.size else {
            return say_and_close(
                session,
                channel,
                &tr!(
                    "нужен терминал — подключайтесь командой ssh -t",
                    "a terminal is needed: connect with ssh -t"
                ),
            );
        };
        let (tx, rx) = std::sync::mpsc::channel();
        state.input = Some(tx);
        session.channel_success(channel)?;
        let start = session::Start {
            handle: session.handle(),
            channel,
            runtime: tokio::runtime::Handle::current(),
            login,
            size,
            term: state.term.clone(),
            input: rx,
            queued: Arc::clone(&state.queued),
            cutter: self.cutter.clone(),
            logout: Arc::clone(&self.life.logout),
        };
        let shared = Arc::clone(&self.shared);
        shared.live.fetch_add(1, Ordering::Relaxed);
        std::thread::spawn(move || {
            session::run(Arc::clone(&shared), start);
            shared.live.fetch_sub(1, Ordering::Relaxed);
        });
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channel = None;
        if !self.is_our(channel) || !self.start() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        // No commands: the journal and the user's folder are all this server offers.
        say_and_close(
            session,
            channel,
            &tr!(
                "команды не выполняются: только журнал (ssh без команды) и ваша папка (sftp)",
                "no commands: only the journal (ssh without a command) and your folder (sftp)"
            ),
        )
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let login = self.logged_in();
        let ours = self.channel.take().filter(|c| c.id() == channel);
        let (Some(login), Some(ch), "sftp") = (login, ours, name) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        if !self.start() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        if let Some(why) = locked(&self.life.refused).clone() {
            return say_and_close(session, channel, &why);
        }
        if login.must_change_password {
            return say_and_close(
                session,
                channel,
                &tr!(
                    "сначала придумайте свой пароль: войдите в журнал (ssh без команды)",
                    "first choose your own password: log in to the journal (ssh without a command)"
                ),
            );
        }
        let folder = match self.shared.files.folders.of(&login.actor.login) {
            Ok(f) => f,
            Err(e) => {
                log(&e.to_string());
                return say_and_close(
                    session,
                    channel,
                    &tr!(
                        "ваша папка на сервере недоступна; сообщите администратору",
                        "your folder on the server is not available; tell the administrator"
                    ),
                );
            }
        };
        session.channel_success(channel)?;
        let asked = Arc::new(Mutex::new(Instant::now()));
        *locked(&self.life.sftp) = Some(Arc::clone(&asked));
        let may_upload = crate::domain::policy::may_upload_files(&login.actor);
        russh_sftp::server::run(
            ch.into_stream(),
            crate::serve::sftp::Sftp::new(folder, may_upload, asked),
        )
        .await;
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.is_our(channel) {
            self.pass(Input::Bytes(data.to_vec()));
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(c) = self.state.as_mut().filter(|s| s.id == Some(channel)) else {
            return Ok(());
        };
        let (w, h) = clamp_size(cols, rows);
        c.size = Some((w, h));
        self.pass(Input::Resize(w, h));
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Dropping the sender ends the session's loop.
        if let Some(s) = self.state.as_mut().filter(|s| s.id == Some(channel)) {
            s.input = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(s) = self.state.as_mut().filter(|s| s.id == Some(channel)) {
            s.input = None;
        }
        // Its one channel closed, the connection has nothing more to do: the client
        // leaves by itself at once; one that stays is cut a moment later.
        let cutter = self.cutter.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(2)).await;
            cutter.cut();
        });
        Ok(())
    }
}
