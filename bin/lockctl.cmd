@echo off
rem lockctl: see, use and clean account locks. Runs lock-cli\target\lockctl.jar from any directory,
rem building it on first use, with the start-up archive the build made when JAVA_HOME names its JDK.
rem Set LOCKCTL_JAVA_OPTS to pass options to the JVM; JAVA_HOME chooses the JDK.
setlocal
set "ROOT=%~dp0.."
set "TARGET=%ROOT%\lock-cli\target"
set "JAR=%TARGET%\lockctl.jar"
if not exist "%JAR%" (
    echo lockctl: building lockctl ^(first use; a JDK 17 or newer is needed^)... 1>&2
    pushd "%ROOT%"
    rem Maven's output goes to stderr: what lockctl prints on stdout is for scripts.
    call mvnw.cmd -q -B -DskipTests package -pl lock-cli -am 1>&2
    if errorlevel 1 (
        popd
        echo lockctl: the build failed; see the output above 1>&2
        exit /b 1
    )
    popd
)
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java"

rem The archive is used only when its stamp names the JDK of JAVA_HOME and this jar; the JVM checks
rem the jar's size and time itself, and CDS messages are off so that a rejected archive prints nothing.
set "USE="
if defined JAVA_HOME for %%H in ("%JAVA_HOME%") do set "SLOT=%%~nxH"
if defined SLOT if exist "%TARGET%\startup\%SLOT%.stamp" (
    for /f "usebackq tokens=1* delims=:" %%A in (`findstr /n "^" "%TARGET%\startup\%SLOT%.stamp"`) do (
        if "%%A"=="1" set "KIND=%%B"
        if "%%A"=="2" set "S_HOME=%%B"
        if "%%A"=="4" set "S_JAR=%%B"
    )
)
if defined KIND for %%H in ("%JAVA_HOME%") do for %%J in ("%JAR%") do (
    if /i "%S_HOME%"=="%%~fH" if /i "%S_JAR%"=="%%~fJ" set "USE=%KIND%"
)

rem A small heap and the quick compiler: lockctl starts often and holds little; the default collector
rem (G1), because JDK 17 maps an archive's Java objects only for it.
set "OPTS=-XX:TieredStopAtLevel=1 -Xss512k -Xmx64m"
rem Labels, not a block in parentheses: a ")" in the arguments would end the block.
if "%USE%"=="static" goto static
if "%USE%"=="aot" goto aot
"%JAVA%" %OPTS% %LOCKCTL_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
:static
"%JAVA%" %OPTS% "-XX:SharedArchiveFile=%TARGET%\startup\%SLOT%.jsa" -Xlog:cds*=off %LOCKCTL_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
:aot
rem A JVM loads all of an AOT cache's classes at start: status and list (named first) have their own.
set "CACHE=%TARGET%\startup\%SLOT%.aot"
if "%~1"=="status" if exist "%TARGET%\startup\%SLOT%.quick.aot" set "CACHE=%TARGET%\startup\%SLOT%.quick.aot"
if "%~1"=="list" if exist "%TARGET%\startup\%SLOT%.quick.aot" set "CACHE=%TARGET%\startup\%SLOT%.quick.aot"
"%JAVA%" %OPTS% "-XX:AOTCache=%CACHE%" -Xlog:aot*=off -Xlog:cds*=off %LOCKCTL_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
