<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于 CounterDesk</source>
        <translation>About CounterDesk</translation>
    </message>
    <message>
        <source>车驾管业务窗口服务台</source>
        <translation>Vehicle and Driver Service Counter</translation>
    </message>
    <message>
        <source>CounterDesk 版本 {v}</source>
        <translation>CounterDesk version {v}</translation>
    </message>
    <message>
        <source>© 2026 CounterDesk 项目。专有软件，供车辆管理所内部使用。
界面字体：文泉驿微米黑（Apache-2.0）；PySide6（LGPLv3）。</source>
        <translation>© 2026 the CounterDesk project. Proprietary software for use within vehicle administration offices.
Interface font: WenQuanYi Micro Hei (Apache-2.0); PySide6 (LGPLv3).</translation>
    </message>
    <message>
        <source>数据库：{db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <source>系统：{os}</source>
        <translation>System: {os}</translation>
    </message>
</context>
<context>
    <name>AllocationTab</name>
    <message>
        <source>开始排考</source>
        <translation>Run allocation</translation>
    </message>
    <message>
        <source>排考至</source>
        <translation>Allocate up to</translation>
    </message>
    <message>
        <source>按受理时间（补考按上次考试时间）先后，把待排考的申请排入所选日期前有余位的场次；重复排考不会重复预约。</source>
        <translation>Open requests are placed, in order of acceptance (retakes by their last sitting), into sessions with free seats up to the chosen day; running it again books nothing twice.</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Application no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>场次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>排上</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>未排上</source>
        <translation>Not booked</translation>
    </message>
    <message>
        <source>选择“排考至”日期后点“开始排考”</source>
        <translation>Choose the “Allocate up to” day, then click “Run allocation”</translation>
    </message>
    <message>
        <source>正在排考…</source>
        <translation>Allocating…</translation>
    </message>
    <message>
        <source>排上 {n}</source>
        <translation>Booked {n}</translation>
    </message>
    <message>
        <source>未排上 {n}</source>
        <translation>Not booked {n}</translation>
    </message>
    <message>
        <source>排考完成：排上 {a}，未排上 {b}</source>
        <translation>Allocation done: {a} booked, {b} not booked</translation>
    </message>
    <message>
        <source>；{n} 个申请的日期已过，已关闭</source>
        <translation>; {n} requests whose dates have passed were closed</translation>
    </message>
    <message>
        <source>没有待排考的申请：先在“考试申请”中为考生提交申请</source>
        <translation>No open requests: file a request for the candidate under “Exam requests” first</translation>
    </message>
</context>
<context>
    <name>BookingScreen</name>
    <message>
        <source>科目一预约</source>
        <translation>Theory test booking</translation>
    </message>
    <message>
        <source>核验身份</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>选择场次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>确认预约</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>受理编号（见受理凭证，如 DC26112600001）</source>
        <translation>Application number (on the acceptance notice, e.g. DC26112600001)</translation>
    </message>
    <message>
        <source>输入受理编号</source>
        <translation>Type the application number</translation>
    </message>
    <message>
        <source>查询可预约场次</source>
        <translation>Find sessions</translation>
    </message>
    <message>
        <source>请点选考试场次（上午 08:30–11:30，下午 14:00–17:00）</source>
        <translation>Tap a session (morning 08:30–11:30, afternoon 14:00–17:00)</translation>
    </message>
    <message>
        <source>请核对预约信息，无误后点“确认预约”</source>
        <translation>Check the booking, then tap “Confirm”</translation>
    </message>
    <message>
        <source>考生</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>考场</source>
        <translation>Exam site</translation>
    </message>
    <message>
        <source>预约成功，您的预约码</source>
        <translation>Booked. Your booking code</translation>
    </message>
    <message>
        <source>请输入身份证号和受理编号</source>
        <translation>Type the ID number and the application number</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <source>考生 {name}&#x3000;身份证 {id}&#x3000;准驾车型 {cls}</source>
        <translation>Candidate {name}&#x3000;ID {id}&#x3000;Class {cls}</translation>
    </message>
    <message>
        <source>考场：{site}</source>
        <translation>Exam site: {site}</translation>
    </message>
    <message>
        <source>{half}&#x3000;余 {seats} 座</source>
        <translation>{half}&#x3000;{seats} seats left</translation>
    </message>
    <message>
        <source>{name}（{cls}）</source>
        <translation>{name} ({cls})</translation>
    </message>
    <message>
        <source>科目一（道路交通安全法律、法规和相关知识）</source>
        <translation>Subject 1 (road traffic law, regulations and related knowledge)</translation>
    </message>
    <message>
        <source>正在预约…</source>
        <translation>Booking…</translation>
    </message>
    <message>
        <source>{session}&#x3000;{site}</source>
        <translation>{session} · {site}</translation>
    </message>
    <message>
        <source>正在打印准考证…</source>
        <translation>Printing the admission ticket…</translation>
    </message>
    <message>
        <source>准考证</source>
        <translation>Admission ticket</translation>
    </message>
    <message>
        <source>准考证已打印，请取走。考试当天请携带身份证和准考证</source>
        <translation>Admission ticket printed: please take it. Bring your ID card and the ticket on the exam day</translation>
    </message>
    <message>
        <source>未能打印准考证：请记下上面的预约码，凭身份证号和预约码可在本机补打，或到窗口打印</source>
        <translation>The admission ticket could not be printed: note the booking code above; reprint it here with your ID number and the code, or at a window</translation>
    </message>
</context>
<context>
    <name>BusinessForm</name>
    <message>
        <source>未注册登记车辆</source>
        <translation>Vehicle not yet registered</translation>
    </message>
    <message>
        <source>出口车辆</source>
        <translation>Vehicle for export</translation>
    </message>
    <message>
        <source>科研、定型试验</source>
        <translation>Research or type-approval testing</translation>
    </message>
    <message>
        <source>超限特型车辆</source>
        <translation>Oversize special vehicle</translation>
    </message>
    <message>
        <source>号牌制作期间</source>
        <translation>While the plates are being made</translation>
    </message>
    <message>
        <source>二手车出口</source>
        <translation>Used vehicle for export</translation>
    </message>
    <message>
        <source>50选1</source>
        <translation>Choose 1 of 50</translation>
    </message>
    <message>
        <source>自编号牌</source>
        <translation>Self-composed number</translation>
    </message>
    <message>
        <source>保留原号牌</source>
        <translation>Keep the old number</translation>
    </message>
    <message>
        <source>燃油</source>
        <translation>Fuel</translation>
    </message>
    <message>
        <source>油电混合（非插电）</source>
        <translation>Hybrid (not plug-in)</translation>
    </message>
    <message>
        <source>纯电动</source>
        <translation>Battery electric</translation>
    </message>
    <message>
        <source>插电式混合动力</source>
        <translation>Plug-in hybrid</translation>
    </message>
    <message>
        <source>增程式</source>
        <translation>Range extender</translation>
    </message>
    <message>
        <source>燃料电池</source>
        <translation>Fuel cell</translation>
    </message>
    <message>
        <source>17位车辆识别代号</source>
        <translation>17-character VIN</translation>
    </message>
    <message>
        <source>身份证号或统一社会信用代码</source>
        <translation>Resident ID or unified social credit code</translation>
    </message>
    <message>
        <source>代理人办理</source>
        <translation>Applied for by an agent</translation>
    </message>
    <message>
        <source>代理人身份证号</source>
        <translation>Agent&apos;s resident ID</translation>
    </message>
    <message>
        <source>代理人姓名</source>
        <translation>Agent&apos;s name</translation>
    </message>
    <message>
        <source>车辆识别代号</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>车辆类型</source>
        <translation>Vehicle type</translation>
    </message>
    <message>
        <source>核定载客</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>品牌</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>车辆型号</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>发动机号</source>
        <translation>Engine number</translation>
    </message>
    <message>
        <source>能源种类</source>
        <translation>Energy</translation>
    </message>
    <message>
        <source>交强险止</source>
        <translation>Compulsory insurance until</translation>
    </message>
    <message>
        <source>使用性质</source>
        <translation>Use</translation>
    </message>
    <message>
        <source>车身颜色</source>
        <translation>Body colour</translation>
    </message>
    <message>
        <source>新发动机号</source>
        <translation>New engine number</translation>
    </message>
    <message>
        <source>所有人证件号</source>
        <translation>Owner&apos;s ID number</translation>
    </message>
    <message>
        <source>所有人姓名/名称</source>
        <translation>Owner&apos;s name</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>事项发生日期</source>
        <translation>Date of the event</translation>
    </message>
    <message>
        <source>临时号牌事由</source>
        <translation>Temporary plate purpose</translation>
    </message>
    <message>
        <source>有效天数</source>
        <translation>Days valid</translation>
    </message>
    <message>
        <source>抵押权人</source>
        <translation>Mortgagee</translation>
    </message>
    <message>
        <source>质权人</source>
        <translation>Pledgee</translation>
    </message>
    <message>
        <source>互换车辆号牌</source>
        <translation>Plate of the other vehicle</translation>
    </message>
    <message>
        <source>迁入地车管所</source>
        <translation>Destination office</translation>
    </message>
    <message>
        <source>迁出地车管所</source>
        <translation>Office of origin</translation>
    </message>
    <message>
        <source>备案事项</source>
        <translation>Item filed</translation>
    </message>
    <message>
        <source>共同所有人</source>
        <translation>Co-owners</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>选号</source>
        <translation>Plate number</translation>
    </message>
    <message>
        <source>号牌号码</source>
        <translation>Plate number</translation>
    </message>
    <message>
        <source>抽取号码…</source>
        <translation>Draw numbers…</translation>
    </message>
    <message>
        <source>提交并打印 (Ctrl+Enter)</source>
        <translation>Submit and print (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>业务类型</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>新车业务：注册登记、转入或临时号牌（未选车辆）</source>
        <translation>New vehicle: registration, transfer in or temporary plate (no vehicle chosen)</translation>
    </message>
    <message>
        <source>车辆：{plate}  {type}  所有人 {owner}</source>
        <translation>Vehicle: {plate}  {type}  owner {owner}</translation>
    </message>
    <message>
        <source>该业务不得由代理人办理</source>
        <translation>This business cannot be applied for by an agent</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>收费：{detail}&#x3000;合计 {total}</source>
        <translation>Fees: {detail}; total {total}</translation>
    </message>
    <message>
        <source>&#x3000;办结时限 {n} 个工作日</source>
        <translation>  time limit {n} working days</translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>按周</source>
        <translation>By week</translation>
    </message>
    <message>
        <source>上一周期</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <source>下一周期</source>
        <translation>Next period</translation>
    </message>
    <message>
        <source>全部科目</source>
        <translation>All subjects</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Half-day</translation>
    </message>
    <message>
        <source>考场</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>准驾车型</source>
        <translation>Licence class</translation>
    </message>
    <message>
        <source>考位</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>已约</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>余位</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>发布考试计划…</source>
        <translation>Publish exam plan…</translation>
    </message>
    <message>
        <source>新增考场…</source>
        <translation>New site…</translation>
    </message>
    <message>
        <source>调整考位…</source>
        <translation>Change seats…</translation>
    </message>
    <message>
        <source>打印本场准考证</source>
        <translation>Print session tickets</translation>
    </message>
    <message>
        <source>查看名单</source>
        <translation>Candidate list</translation>
    </message>
    <message>
        <source>颜色：绿 有余位&#x3000;黄 八成以上&#x3000;红 约满</source>
        <translation>Colours: green free seats · yellow 80 % booked · red full</translation>
    </message>
    <message>
        <source>共 {n} 场，考位 {cap}，已约 {booked}</source>
        <translation>{n} sessions, {cap} seats, {booked} booked</translation>
    </message>
    <message>
        <source>暂无场次：请先发布考试计划（或用 ◀ ▶ 查看其他月份）</source>
        <translation>No sessions: publish an exam plan first (or use ◀ ▶ to see other months)</translation>
    </message>
    <message>
        <source>暂无场次：考试计划尚未发布（或用 ◀ ▶ 查看其他月份）</source>
        <translation>No sessions: no exam plan published yet (or use ◀ ▶ to see other months)</translation>
    </message>
    <message>
        <source>请先在表中选定一个场次</source>
        <translation>Select a session in the table first</translation>
    </message>
    <message>
        <source>还没有考场：请先点“新增考场…”</source>
        <translation>No exam site yet: click “New site…” first</translation>
    </message>
    <message>
        <source>已发布 {n} 场</source>
        <translation>{n} sessions published</translation>
    </message>
    <message>
        <source>（{n} 场已存在，保留原样）</source>
        <translation> ({n} already existed and were kept)</translation>
    </message>
    <message>
        <source>；发布过晚：首场 {d} 距今不足10天</source>
        <translation>; published late: the first session, {d}, is less than 10 days away</translation>
    </message>
    <message>
        <source>考试计划已发布，但发布过晚：首场 {d} 距今不足10天，已记录。</source>
        <translation>The exam plan is published, but late: the first session, {d}, is less than 10 days away. This is recorded.</translation>
    </message>
    <message>
        <source>发布过晚</source>
        <translation>Published late</translation>
    </message>
    <message>
        <source>1 2 3 3s（空格分隔）</source>
        <translation>1 2 3 3s (space separated)</translation>
    </message>
    <message>
        <source>新增考场</source>
        <translation>New exam site</translation>
    </message>
    <message>
        <source>考场代码</source>
        <translation>Site code</translation>
    </message>
    <message>
        <source>考场名称</source>
        <translation>Site name</translation>
    </message>
    <message>
        <source>考试科目</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>考场已保存：{code} {name}</source>
        <translation>Site saved: {code} {name}</translation>
    </message>
    <message>
        <source>调整考位</source>
        <translation>Change seats</translation>
    </message>
    <message>
        <source>考位已改为 {n}</source>
        <translation>Seats changed to {n}</translation>
    </message>
    <message>
        <source>本场准考证 — {s}</source>
        <translation>Admission tickets — {s}</translation>
    </message>
    <message>
        <source>准考证（全场）</source>
        <translation>Admission tickets (whole session)</translation>
    </message>
    <message>
        <source>考生名单 — {s}</source>
        <translation>Candidates — {s}</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>请持证人正对镜头，白色背景</source>
        <translation>The holder faces the camera, against a white background</translation>
    </message>
</context>
<context>
    <name>CheckInTab</name>
    <message>
        <source>考场</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>扫描准考证二维码（扫码枪自动回车；也可粘贴后按回车）</source>
        <translation>Scan the admission ticket&apos;s QR code (the scanner sends Enter; or paste and press Enter)</translation>
    </message>
    <message>
        <source>确认本人</source>
        <translation>Same person</translation>
    </message>
    <message>
        <source>不是本人</source>
        <translation>Not the person</translation>
    </message>
    <message>
        <source>解除锁定…</source>
        <translation>Release lock…</translation>
    </message>
    <message>
        <source>请扫描准考证</source>
        <translation>Scan an admission ticket</translation>
    </message>
    <message>
        <source>扫码后在此显示考生照片与信息</source>
        <translation>The candidate&apos;s photo and details appear here after a scan</translation>
    </message>
    <message>
        <source>还没有考场：请先在“场次日历”中新增考场并发布考试计划</source>
        <translation>No exam site yet: add a site and publish a plan under “Session calendar” first</translation>
    </message>
    <message>
        <source>今日已签到 {n}</source>
        <translation>Checked in today: {n}</translation>
    </message>
    <message>
        <source>（本考场今日预约 {m}）</source>
        <translation> (booked at this site today: {m})</translation>
    </message>
    <message>
        <source>请先选择考场</source>
        <translation>Choose the exam site first</translation>
    </message>
    <message>
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>准驾车型</source>
        <translation>Licence class</translation>
    </message>
    <message>
        <source>场次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>此前核验未通过 {n} 次，满3次将锁定</source>
        <translation>Identity not confirmed {n} time(s) before; the third locks the candidate</translation>
    </message>
    <message>
        <source>请核对照片与本人，然后点“确认本人”或“不是本人”</source>
        <translation>Compare the photo with the person, then click “Same person” or “Not the person”</translation>
    </message>
    <message>
        <source>不能签到：{reason}</source>
        <translation>Cannot check in: {reason}</translation>
    </message>
    <message>
        <source>已签到：{name}&#x3000;第 {n} 号</source>
        <translation>Checked in: {name} · seat {n}</translation>
    </message>
    <message>
        <source>例如：核对户籍照片，确系本人</source>
        <translation>e.g. checked against the household register photo: same person</translation>
    </message>
    <message>
        <source>解除原因</source>
        <translation>Reason for release</translation>
    </message>
    <message>
        <source>受理编号或身份证号</source>
        <translation>Application no. or ID number</translation>
    </message>
    <message>
        <source>考生</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>解除锁定</source>
        <translation>Release lock</translation>
    </message>
    <message>
        <source>已解除锁定：请重新扫码签到</source>
        <translation>Lock released: scan the ticket again to check in</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>排队叫号</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>机动车业务</source>
        <translation>Vehicle business</translation>
    </message>
    <message>
        <source>驾驶证业务</source>
        <translation>Driver business</translation>
    </message>
    <message>
        <source>考试预约</source>
        <translation>Exam booking</translation>
    </message>
    <message>
        <source>打开“{panel}”</source>
        <translation>Go to {panel}</translation>
    </message>
    <message>
        <source>{n}号窗口</source>
        <translation>Counter {n}</translation>
    </message>
    <message>
        <source>未在窗口</source>
        <translation>Not at a counter</translation>
    </message>
    <message>
        <source>经办人 {name}（{role}）</source>
        <translation>Clerk {name} ({role})</translation>
    </message>
    <message>
        <source>数据库 {db}</source>
        <translation>Database {db}</translation>
    </message>
    <message>
        <source>打印机 {p}</source>
        <translation>Printer {p}</translation>
    </message>
    <message>
        <source>打印机 未配置</source>
        <translation>Printer not set up</translation>
    </message>
    <message>
        <source>{hall} · 车驾管业务窗口服务台</source>
        <translation>{hall} · CounterDesk</translation>
    </message>
    <message>
        <source>{hall} · {counter} · 工号 {user} {name}</source>
        <translation>{hall} · {counter} · staff no. {user} {name}</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>月度统计导出…</source>
        <translation>Export monthly tallies…</translation>
    </message>
    <message>
        <source>提醒清单…</source>
        <translation>Reminder lists…</translation>
    </message>
    <message>
        <source>容缺待补与逾期</source>
        <translation>Deferred and overdue materials</translation>
    </message>
    <message>
        <source>当前无号</source>
        <translation>No current ticket</translation>
    </message>
    <message>
        <source>当前 {label}  {name}</source>
        <translation>Now {label}  {name}</translation>
    </message>
    <message>
        <source>审计链完整：共 {n} 条记录</source>
        <translation>Audit chain intact: {n} entries</translation>
    </message>
    <message>
        <source>审计链被破坏：第 {id} 条。{p}</source>
        <translation>Audit chain broken at entry {id}. {p}</translation>
    </message>
    <message>
        <source>所有面板</source>
        <translation>Every panel</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>密码已修改</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <source>界面语言将在下次启动时生效</source>
        <translation>The language applies from the next start</translation>
    </message>
    <message>
        <source>车驾管业务窗口服务台</source>
        <translation>CounterDesk</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>管理</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>大厅监控…</source>
        <translation>Hall monitor…</translation>
    </message>
    <message>
        <source>人员与窗口…</source>
        <translation>Staff and counters…</translation>
    </message>
    <message>
        <source>审计日志校验</source>
        <translation>Check the audit log</translation>
    </message>
    <message>
        <source>中文</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>快捷键…</source>
        <translation>Keyboard shortcuts…</translation>
    </message>
    <message>
        <source>关于 CounterDesk…</source>
        <translation>About CounterDesk…</translation>
    </message>
</context>
<context>
    <name>CredentialsForm</name>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>刷身份证或输入身份证号</source>
        <translation>Swipe the ID card or type the ID number</translation>
    </message>
</context>
<context>
    <name>DisplayBoard</name>
    <message>
        <source>请携带身份证原件 · 办理转让登记需车辆到场查验 · 容缺受理请咨询窗口 · 请留意屏幕和语音叫号，过号请到咨询台</source>
        <translation>Please bring your original ID card · A transfer of ownership needs the vehicle here for inspection · Ask at a counter about accepting an application with a document to follow · Watch the screen and listen for your number; if you missed it, go to the help desk</translation>
    </message>
    <message>
        <source>连接中断，正在重试…</source>
        <translation>Connection lost, retrying…</translation>
    </message>
    <message>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>再次呼叫</source>
        <translation>Calling again</translation>
    </message>
    <message>
        <source>正在呼叫</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <source>请留意叫号</source>
        <translation>Please listen for your number</translation>
    </message>
    <message>
        <source>最近呼叫</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <source>{counter}号窗口</source>
        <translation>Counter {counter}</translation>
    </message>
    <message>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>人</source>
        <translation>people</translation>
    </message>
    <message>
        <source>取号后请在等候区就座</source>
        <translation>Please take a seat in the waiting area</translation>
    </message>
    <message>
        <source>叫号显示屏</source>
        <translation>Hall display board</translation>
    </message>
    <message>
        <source>车驾管业务大厅</source>
        <translation>Vehicle administration service hall</translation>
    </message>
    <message>
        <source>再按一次 Esc 退出</source>
        <translation>Press Esc again to exit</translation>
    </message>
    <message>
        <source>请 {ticket} 号 到 {counter} 号窗口</source>
        <translation>Ticket {ticket} to counter {counter}</translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>保存PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打印失败：请检查打印机，或先保存为PDF</source>
        <translation>Printing failed: check the printer, or save the PDF first</translation>
    </message>
    <message>
        <source>保存PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>保存失败：{reason}</source>
        <translation>Could not save: {reason}</translation>
    </message>
</context>
<context>
    <name>DriverPage</name>
    <message>
        <source>驾驶证业务</source>
        <translation>Driver business</translation>
    </message>
    <message>
        <source>身份证号（驾驶证号）或姓名，回车查询</source>
        <translation>ID (= licence) number or name; Enter to search</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>准驾车型</source>
        <translation>Classes</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>permanent</translation>
    </message>
    <message>
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>导入照片…</source>
        <translation>Import photo…</translation>
    </message>
    <message>
        <source>拍照…</source>
        <translation>Take photo…</translation>
    </message>
    <message>
        <source>显示完整证件号</source>
        <translation>Show full ID number</translation>
    </message>
    <message>
        <source>查看完整证件号会记入审计日志</source>
        <translation>Viewing the full ID number is written to the audit log</translation>
    </message>
    <message>
        <source>申请人身份证号</source>
        <translation>Applicant&apos;s resident ID</translation>
    </message>
    <message>
        <source>已通过三力测试（70周岁以上）</source>
        <translation>Passed the three-abilities test (70 and over)</translation>
    </message>
    <message>
        <source>代理人办理</source>
        <translation>Applied for by an agent</translation>
    </message>
    <message>
        <source>代理人身份证号</source>
        <translation>Agent&apos;s resident ID</translation>
    </message>
    <message>
        <source>代理人姓名</source>
        <translation>Agent&apos;s name</translation>
    </message>
    <message>
        <source>业务类型</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>申请人证件号</source>
        <translation>Applicant&apos;s ID number</translation>
    </message>
    <message>
        <source>申请人姓名</source>
        <translation>Applicant&apos;s name</translation>
    </message>
    <message>
        <source>事项发生日期</source>
        <translation>Date of the event</translation>
    </message>
    <message>
        <source>体检日期</source>
        <translation>Medical date</translation>
    </message>
    <message>
        <source>新住址</source>
        <translation>New address</translation>
    </message>
    <message>
        <source>提交并打印 (Ctrl+Enter)</source>
        <translation>Submit and print (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>业务</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>收费</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>今日受理</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <source>考试合格待发证 ({n})</source>
        <translation>Exams passed, licence due ({n})</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>考试</source>
        <translation>Exams</translation>
    </message>
    <message>
        <source>✓ 合格待发证</source>
        <translation>✓ passed, licence due</translation>
    </message>
    <message>
        <source>考试中</source>
        <translation>In exams</translation>
    </message>
    <message>
        <source>发证</source>
        <translation>Issue licence</translation>
    </message>
    <message>
        <source>考试中的初次申领、增驾；全部科目合格后选定并点“发证”</source>
        <translation>First licences and added classes in exams; once every subject is passed, select one and click “Issue licence”</translation>
    </message>
    <message>
        <source>考试合格待发证</source>
        <translation>Exams passed, licence due</translation>
    </message>
    <message>
        <source>请先在考试合格待发证列表中选定一条</source>
        <translation>Select an application in the “Exams passed” list first</translation>
    </message>
    <message>
        <source>{no} 尚未考完全部科目，不能发证</source>
        <translation>{no} has not passed every subject yet: no licence</translation>
    </message>
    <message>
        <source>已发证 {no}：准驾车型 {c}</source>
        <translation>Licence issued {no}: class {c}</translation>
    </message>
    <message>
        <source>请输入身份证号或姓名</source>
        <translation>Enter an ID number or a name</translation>
    </message>
    <message>
        <source>找到 {n} 人</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <source>没有找到</source>
        <translation>Nobody found</translation>
    </message>
    <message>
        <source>已选：{id}（留空即为该申请人）</source>
        <translation>Chosen: {id} (leave empty for this applicant)</translation>
    </message>
    <message>
        <source>请先查询并选定持证人</source>
        <translation>Look up and choose the holder first</translation>
    </message>
    <message>
        <source>导入照片</source>
        <translation>Import photo</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
    <message>
        <source>未检测到摄像头，请用“导入照片”</source>
        <translation>No camera found: use Import photo</translation>
    </message>
    <message>
        <source>无法读取文件：{reason}</source>
        <translation>Cannot read the file: {reason}</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>收费：{detail}&#x3000;合计 {total}</source>
        <translation>Fees: {detail}; total {total}</translation>
    </message>
    <message>
        <source>；{warning}</source>
        <translation>; {warning}</translation>
    </message>
    <message>
        <source>照片已保存</source>
        <translation>Photo saved</translation>
    </message>
    <message>
        <source>完整证件号：{n}
（本次查看已记入审计日志）</source>
        <translation>Full ID number: {n}
(this view is in the audit log)</translation>
    </message>
    <message>
        <source>完整证件号</source>
        <translation>Full ID number</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>&#x3000;办结时限 {n} 个工作日</source>
        <translation>  time limit {n} working days</translation>
    </message>
    <message>
        <source>已受理 {no}：{name}</source>
        <translation>Accepted {no}: {name}</translation>
    </message>
    <message>
        <source>，准驾车型 {c}</source>
        <translation>, classes {c}</translation>
    </message>
    <message>
        <source>打印凭证 — {no}</source>
        <translation>Print documents — {no}</translation>
    </message>
</context>
<context>
    <name>ExamPage</name>
    <message>
        <source>场次日历</source>
        <translation>Session calendar</translation>
    </message>
    <message>
        <source>考试申请</source>
        <translation>Exam requests</translation>
    </message>
    <message>
        <source>排考</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <source>考场签到</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <source>成绩登记</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>考试预约</source>
        <translation>Exam booking</translation>
    </message>
</context>
<context>
    <name>ExamWords</name>
    <message>
        <source>科目一</source>
        <translation>Subject 1</translation>
    </message>
    <message>
        <source>科目二</source>
        <translation>Subject 2</translation>
    </message>
    <message>
        <source>科目三道路驾驶技能</source>
        <translation>Subject 3 road test</translation>
    </message>
    <message>
        <source>科目三安全文明驾驶常识</source>
        <translation>Subject 3 safe driving</translation>
    </message>
    <message>
        <source>上午</source>
        <translation>Morning</translation>
    </message>
    <message>
        <source>下午</source>
        <translation>Afternoon</translation>
    </message>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>已预约</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>已签到</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>已考试</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>缺考</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>考试合格待发证</source>
        <translation>Exams passed, licence due</translation>
    </message>
    <message>
        <source>考试中</source>
        <translation>In exams</translation>
    </message>
    <message>
        <source>已发证</source>
        <translation>Licence issued</translation>
    </message>
    <message>
        <source>成绩作废</source>
        <translation>Results void</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>待排考</source>
        <translation>awaiting allocation</translation>
    </message>
    <message>
        <source>已排考</source>
        <translation>allocated</translation>
    </message>
    <message>
        <source>未排上</source>
        <translation>not allocated</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <source>申请的考试日期已过</source>
        <translation>The requested exam dates have passed</translation>
    </message>
    <message>
        <source>所选考场和日期内没有适合该准驾车型的考试场次</source>
        <translation>No session for this class at the chosen sites and dates</translation>
    </message>
    <message>
        <source>所选日期内的考试场次已约满，请另选日期或考场</source>
        <translation>The sessions on the chosen dates are full: choose other dates or sites</translation>
    </message>
    <message>
        <source>该考生本科目已在本轮分配中安排了考试场次</source>
        <translation>The candidate already has a session for this subject in this allocation</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>申请{subject}</source>
        <translation>Request for {subject}</translation>
    </message>
    <message>
        <source>学习驾驶证明</source>
        <translation>Learner&apos;s permit</translation>
    </message>
    <message>
        <source>{a}至{b}</source>
        <translation>{a} to {b}</translation>
    </message>
    <message>
        <source>任意考场</source>
        <translation>any site</translation>
    </message>
    <message>
        <source>第{n}号</source>
        <translation>No. {n}</translation>
    </message>
    <message>
        <source>成绩{score}</source>
        <translation>score {score}</translation>
    </message>
    <message>
        <source>，补考{score}</source>
        <translation>, retake {score}</translation>
    </message>
    <message>
        <source>，合格</source>
        <translation>, passed</translation>
    </message>
    <message>
        <source>，不合格</source>
        <translation>, failed</translation>
    </message>
    <message>
        <source>有效期至{d}</source>
        <translation>valid until {d}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>月度统计导出</source>
        <translation>Export monthly tallies</translation>
    </message>
    <message>
        <source>按月</source>
        <translation>A month</translation>
    </message>
    <message>
        <source>全年（12个月及年度汇总）</source>
        <translation>A year (12 months and the year summary)</translation>
    </message>
    <message>
        <source>本大厅</source>
        <translation>This hall</translation>
    </message>
    <message>
        <source>全部大厅（合并）</source>
        <translation>All halls (merged)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Formats</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>正在导出 {what}（{done}/{total}）</source>
        <translation>Exporting {what} ({done}/{total})</translation>
    </message>
    <message>
        <source>已取消；已写出 {n} 个文件</source>
        <translation>Cancelled; {n} files written</translation>
    </message>
    <message>
        <source>已导出 {n} 个文件到 {dir}</source>
        <translation>{n} files exported to {dir}</translation>
    </message>
    <message>
        <source>正在取消（当前月份写完后停止）…</source>
        <translation>Cancelling (stops after the current month)…</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>业务类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>选择业务</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>所需材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>机动车业务</source>
        <translation>Vehicle business</translation>
    </message>
    <message>
        <source>注册、转让、变更、抵押、注销、补换领、检验标志、临牌</source>
        <translation>Registration, transfer, changes, mortgage, cancellation, replacements, inspection labels, temporary plates</translation>
    </message>
    <message>
        <source>驾驶证业务</source>
        <translation>Driver business</translation>
    </message>
    <message>
        <source>初次申领、增驾、换证、补证、审验、体检、注销与恢复</source>
        <translation>First licence, added class, renewal, replacement, review, medical, cancellation and restoration</translation>
    </message>
    <message>
        <source>打印材料清单</source>
        <translation>Print the checklist</translation>
    </message>
    <message>
        <source>请携带以下材料（★ 为必须提交的关键材料）</source>
        <translation>Bring these materials (★ = key material, required)</translation>
    </message>
    <message>
        <source>当日办结</source>
        <translation>Completed the same day</translation>
    </message>
    <message>
        <source>{n}个工作日内办结</source>
        <translation>Completed within {n} working day(s)</translation>
    </message>
    <message>
        <source>可委托代理人办理（代理人带本人身份证明和委托书）</source>
        <translation>An agent may apply (bringing their own ID and a power of attorney)</translation>
    </message>
    <message>
        <source>须本人到场办理</source>
        <translation>The applicant must come in person</translation>
    </message>
    <message>
        <source>办结时限：{limit}</source>
        <translation>Time limit: {limit}</translation>
    </message>
    <message>
        <source>收费：{fees}</source>
        <translation>Fees: {fees}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>号牌工本费（按号牌种类收取）</source>
        <translation>Number plate fee (by plate type)</translation>
    </message>
    <message>
        <source>{name} {amount}/{unit}</source>
        <translation>{name} {amount} per {unit}</translation>
    </message>
    <message>
        <source>不收费</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <source>正在打印材料清单…</source>
        <translation>Printing the checklist…</translation>
    </message>
    <message>
        <source>材料清单已打印，请取走</source>
        <translation>Checklist printed: please take it</translation>
    </message>
    <message>
        <source>未能打印：请拍照留存本页，或到咨询台领取纸质指南</source>
        <translation>Could not print: take a photo of this page, or ask at the information desk for a printed guide</translation>
    </message>
</context>
<context>
    <name>HolderCardText</name>
    <message>
        <source>正常</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>超分</source>
        <translation>points limit reached</translation>
    </message>
    <message>
        <source>转出</source>
        <translation>transferred out</translation>
    </message>
    <message>
        <source>暂扣</source>
        <translation>suspended</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>revoked (annulled)</translation>
    </message>
    <message>
        <source>吊销</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>注销</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>违法未处理</source>
        <translation>violations pending</translation>
    </message>
    <message>
        <source>事故未处理</source>
        <translation>accidents pending</translation>
    </message>
    <message>
        <source>停止使用</source>
        <translation>use stopped</translation>
    </message>
    <message>
        <source>扣押（协查）</source>
        <translation>seized (investigation)</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>逾期未换证</source>
        <translation>overdue for renewal</translation>
    </message>
    <message>
        <source>延期换证</source>
        <translation>renewal postponed</translation>
    </message>
    <message>
        <source>延期体检</source>
        <translation>medical postponed</translation>
    </message>
    <message>
        <source>注销可恢复（逾期未体检）</source>
        <translation>cancelled, restorable (medical overdue)</translation>
    </message>
    <message>
        <source>逾期未审验</source>
        <translation>review overdue</translation>
    </message>
    <message>
        <source>延期审验</source>
        <translation>review postponed</translation>
    </message>
    <message>
        <source>扣留</source>
        <translation>detained</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>other</translation>
    </message>
    <message>
        <source>大型客车</source>
        <translation>large bus</translation>
    </message>
    <message>
        <source>重型牵引挂车</source>
        <translation>heavy tractor-trailer</translation>
    </message>
    <message>
        <source>城市公交车</source>
        <translation>city bus</translation>
    </message>
    <message>
        <source>中型客车</source>
        <translation>medium bus</translation>
    </message>
    <message>
        <source>大型货车</source>
        <translation>large truck</translation>
    </message>
    <message>
        <source>小型汽车</source>
        <translation>small car</translation>
    </message>
    <message>
        <source>小型自动挡汽车</source>
        <translation>small automatic car</translation>
    </message>
    <message>
        <source>低速载货汽车</source>
        <translation>low-speed truck</translation>
    </message>
    <message>
        <source>三轮汽车</source>
        <translation>three-wheeled vehicle</translation>
    </message>
    <message>
        <source>残疾人专用小型自动挡载客汽车</source>
        <translation>small automatic car for disabled drivers</translation>
    </message>
    <message>
        <source>轻型牵引挂车</source>
        <translation>light tractor-trailer</translation>
    </message>
    <message>
        <source>普通三轮摩托车</source>
        <translation>three-wheeled motorcycle</translation>
    </message>
    <message>
        <source>普通二轮摩托车</source>
        <translation>two-wheeled motorcycle</translation>
    </message>
    <message>
        <source>轻便摩托车</source>
        <translation>moped</translation>
    </message>
    <message>
        <source>轮式专用机械车</source>
        <translation>wheeled special machinery</translation>
    </message>
    <message>
        <source>无轨电车</source>
        <translation>trolleybus</translation>
    </message>
    <message>
        <source>有轨电车</source>
        <translation>tram</translation>
    </message>
    <message>
        <source>科目一</source>
        <translation>Subject 1</translation>
    </message>
    <message>
        <source>科目二</source>
        <translation>Subject 2</translation>
    </message>
    <message>
        <source>科目三道路驾驶技能</source>
        <translation>Subject 3 road test</translation>
    </message>
    <message>
        <source>科目三安全文明驾驶常识</source>
        <translation>Subject 3 safe driving</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>驾驶证</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>未持有</source>
        <translation>none held</translation>
    </message>
    <message>
        <source>已通过科目</source>
        <translation>Subjects passed</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>permanent</translation>
    </message>
    <message>
        <source>驾驶证号</source>
        <translation>Licence no.</translation>
    </message>
    <message>
        <source>准驾车型</source>
        <translation>Classes</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Validity</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>记分</source>
        <translation>Points</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>请触摸选择您要办理的业务</source>
        <translation>Touch what you have come to do</translation>
    </message>
    <message>
        <source>取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <source>选择业务，领取排队号；可刷身份证实名取号</source>
        <translation>Choose the business and take a queue ticket; swipe your ID card for a named ticket</translation>
    </message>
    <message>
        <source>排队查询</source>
        <translation>Queue status</translation>
    </message>
    <message>
        <source>扫描号票二维码或输入号码，查看前面还有几人</source>
        <translation>Scan the ticket&apos;s QR code or type its number to see how many are ahead</translation>
    </message>
    <message>
        <source>科目一预约</source>
        <translation>Theory test booking</translation>
    </message>
    <message>
        <source>凭身份证号和受理编号，自主预约科目一考试</source>
        <translation>Book the theory test yourself with your ID number and application number</translation>
    </message>
    <message>
        <source>补打准考证</source>
        <translation>Reprint admission ticket</translation>
    </message>
    <message>
        <source>凭身份证号和预约码，补打考试准考证</source>
        <translation>Reprint your admission ticket with your ID number and booking code</translation>
    </message>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>办理各项业务需要携带哪些材料，可打印清单</source>
        <translation>What to bring for each business, with a printable checklist</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>退格</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>自助服务终端</source>
        <translation>Self-service kiosk</translation>
    </message>
    <message>
        <source>{hall} 自助服务</source>
        <translation>{hall} self-service</translation>
    </message>
    <message>
        <source>大字模式</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>请妥善保管身份证件和号票 · 需要帮助请到咨询台</source>
        <translation>Keep your ID card and ticket safe · Ask at the information desk for help</translation>
    </message>
    <message>
        <source>无操作，{n} 秒后返回首页</source>
        <translation>No activity: back to the start in {n} s</translation>
    </message>
    <message>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>{month}月{day}日 {weekday}</source>
        <translation>{weekday} {day}/{month}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 — 车驾管业务窗口服务台</source>
        <translation>Log in — CounterDesk</translation>
    </message>
    <message>
        <source>车驾管业务窗口服务台</source>
        <translation>CounterDesk</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Counter</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>（不在窗口）</source>
        <translation>(not at a counter)</translation>
    </message>
    <message>
        <source>{hall} · 车驾管业务窗口服务台</source>
        <translation>{hall} · CounterDesk</translation>
    </message>
    <message>
        <source>{n}号窗口</source>
        <translation>Counter {n}</translation>
    </message>
    <message>
        <source>请确认所在窗口，再按“确定”登录</source>
        <translation>Confirm your counter, then press OK to log in</translation>
    </message>
    <message>
        <source>正在打开数据库，打开后即登录…</source>
        <translation>Opening the database; you will be logged in when it is open…</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>窗口人员请选择所在窗口</source>
        <translation>Counter clerks must choose their counter</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>车驾管业务窗口服务台</source>
        <translation>CounterDesk</translation>
    </message>
    <message>
        <source>正在打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>数据库 {db}</source>
        <translation>Database {db}</translation>
    </message>
    <message>
        <source>数据库未打开</source>
        <translation>Database not open</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <source>申请材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>申请人已签署容缺受理承诺书</source>
        <translation>The applicant has signed the deferral commitment</translation>
    </message>
    <message>
        <source>（{note}）</source>
        <translation> ({note})</translation>
    </message>
    <message>
        <source>关键</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>非关键（可容缺）</source>
        <translation>Non-key (may be deferred)</translation>
    </message>
    <message>
        <source>点击切换：已收 / 不适用 / 未收</source>
        <translation>Click to switch: received / not applicable / missing</translation>
    </message>
</context>
<context>
    <name>MonitorDialog</name>
    <message>
        <source>大厅监控</source>
        <translation>Hall monitor</translation>
    </message>
    <message>
        <source>未开</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>已呼叫</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>当前号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>暂停原因</source>
        <translation>Pause reason</translation>
    </message>
    <message>
        <source>自</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>最长等候(分)</source>
        <translation>Longest wait (min)</translation>
    </message>
    <message>
        <source>目标(分)</source>
        <translation>Target (min)</translation>
    </message>
    <message>
        <source>超时人数</source>
        <translation>Over target</translation>
    </message>
    <message>
        <source>号码，如 A023</source>
        <translation>Ticket, e.g. A023</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>作废号票</source>
        <translation>Cancel ticket</translation>
    </message>
    <message>
        <source>改派到类别</source>
        <translation>Reassign to category</translation>
    </message>
    <message>
        <source>日终处理</source>
        <translation>End of day</translation>
    </message>
    <message>
        <source>闭厅后仍在等候或挂起的号票记为过期（不删除任何记录）</source>
        <translation>Tickets still waiting or held after closing become expired (nothing is deleted)</translation>
    </message>
    <message>
        <source>等候 {w} 人 · 最长等候 {l} 分 · 超时 {b} 人 · 今日办结 {s} · 过号 {n}</source>
        <translation>{w} waiting · longest {l} min · {b} over target · served today {s} · no-shows {n}</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已将 {n} 张号票记为过期</source>
        <translation>{n} tickets marked expired</translation>
    </message>
</context>
<context>
    <name>NewStaffDialog</name>
    <message>
        <source>新建账号</source>
        <translation>New account</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Again</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>管理员退出</source>
        <translation>Administrator exit</translation>
    </message>
    <message>
        <source>仅限管理员：输入PIN后退出自助服务模式。</source>
        <translation>Administrators only: type the PIN to leave kiosk mode.</translation>
    </message>
    <message>
        <source>管理员PIN</source>
        <translation>Administrator PIN</translation>
    </message>
    <message>
        <source>确认退出</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>请输入管理员PIN</source>
        <translation>Type the administrator PIN</translation>
    </message>
</context>
<context>
    <name>PlateDrawDialog</name>
    <message>
        <source>选号（{n}选1）</source>
        <translation>Choose a number (1 of {n})</translation>
    </message>
    <message>
        <source>请申请人从下列号码中选择一个：</source>
        <translation>Let the applicant choose one of these numbers:</translation>
    </message>
    <message>
        <source>确定选号</source>
        <translation>Take this number</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>保留时间已过，请取消后重新选号</source>
        <translation>The hold has lapsed: cancel and draw again</translation>
    </message>
    <message>
        <source>号码保留剩余 {m} 分 {s:02d} 秒</source>
        <translation>Numbers held for {m} min {s:02d} s more</translation>
    </message>
    <message>
        <source>请先点选一个号码</source>
        <translation>Choose a number first</translation>
    </message>
</context>
<context>
    <name>PublishPlanDialog</name>
    <message>
        <source>发布考试计划</source>
        <translation>Publish exam plan</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>考位</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>准驾车型</source>
        <translation>Licence class</translation>
    </message>
    <message>
        <source>周一的安排复制到周二至周五</source>
        <translation>Copy Monday to Tuesday–Friday</translation>
    </message>
    <message>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>考场</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>每周场次（不考的时段科目选“—”；节假日自动跳过）</source>
        <translation>Weekly sessions (choose “—” for a half-day without exams; public holidays are skipped)</translation>
    </message>
    <message>
        <source>发布过晚：距首日只有 {n} 天（应提前10天以上发布），仍可发布，将记为发布过晚</source>
        <translation>Late: the first day is only {n} days away (plans are due 10 days ahead); it can still be published and is recorded as late</translation>
    </message>
    <message>
        <source>距首日 {n} 天</source>
        <translation>{n} days to the first day</translation>
    </message>
    <message>
        <source>请先新增考场</source>
        <translation>Add an exam site first</translation>
    </message>
    <message>
        <source>正在发布…</source>
        <translation>Publishing…</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>当前无号</source>
        <translation>No current ticket</translation>
    </message>
    <message>
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>指定叫号</source>
        <translation>Call ticket…</translation>
    </message>
    <message>
        <source>暂停/恢复</source>
        <translation>Pause/Resume</translation>
    </message>
    <message>
        <source>过号：不再排队</source>
        <translation>No-show: drop</translation>
    </message>
    <message>
        <source>过号：后移三位重新排队</source>
        <translation>No-show: requeue 3 places back</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>已等(分)</source>
        <translation>Waited (min)</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>挂起号码</source>
        <translation>Held ticket</translation>
    </message>
    <message>
        <source>回呼所选挂起号</source>
        <translation>Call back selected held ticket</translation>
    </message>
    <message>
        <source>预约登记…</source>
        <translation>Book appointment…</translation>
    </message>
    <message>
        <source>电话预约等由窗口代为登记；到场取号时在预约时间前后按预约优先</source>
        <translation>Book for someone who phoned; when they take a ticket around the booked time they go first</translation>
    </message>
    <message>
        <source>未在窗口登录：叫号功能不可用</source>
        <translation>Not logged in at a counter: calling is unavailable</translation>
    </message>
    <message>
        <source>（暂停：{r}）</source>
        <translation>(paused: {r})</translation>
    </message>
    <message>
        <source>今日 办结 {s} · 过号 {n} · 等候 {w} {p}</source>
        <translation>Today: served {s} · no-shows {n} · waiting {w} {p}</translation>
    </message>
    <message>
        <source>已呼叫</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source> · 预约 {t}</source>
        <translation> · appointment {t}</translation>
    </message>
    <message>
        <source> · 绿色通道</source>
        <translation> · priority</translation>
    </message>
    <message>
        <source>{state} · {name} · 已等 {m} 分 · 重呼 {r} 次{a}{g}</source>
        <translation>{state} · {name} · waited {m} min · recalled {r}×{a}{g}</translation>
    </message>
    <message>
        <source>未实名</source>
        <translation>anonymous</translation>
    </message>
    <message>
        <source>没有等候的号票</source>
        <translation>Nobody is waiting</translation>
    </message>
    <message>
        <source>没有挂起的号票</source>
        <translation>No held tickets</translation>
    </message>
    <message>
        <source>原因（必填，记入审计）</source>
        <translation>Reason (required, audited)</translation>
    </message>
    <message>
        <source>（不改类别）</source>
        <translation>(same category)</translation>
    </message>
    <message>
        <source>（任意窗口）</source>
        <translation>(any counter)</translation>
    </message>
    <message>
        <source>转往类别</source>
        <translation>To category</translation>
    </message>
    <message>
        <source>转往窗口</source>
        <translation>To counter</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>暂停原因</source>
        <translation>Pause reason</translation>
    </message>
    <message>
        <source>预约登记</source>
        <translation>Book appointment</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>业务类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>预约时间（YYYY-MM-DD HH:MM）</source>
        <translation>Time (YYYY-MM-DD HH:MM)</translation>
    </message>
    <message>
        <source>预约已登记</source>
        <translation>Appointment booked</translation>
    </message>
</context>
<context>
    <name>QueueScreen</name>
    <message>
        <source>排队查询</source>
        <translation>Queue status</translation>
    </message>
    <message>
        <source>请将号票二维码对准扫描口，或输入号票上的号码（如 A023）</source>
        <translation>Hold the ticket&apos;s QR code to the scanner, or type the number on it (e.g. A023)</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <source>请输入号码，或扫描号票二维码</source>
        <translation>Type the number, or scan the ticket&apos;s QR code</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <source>前面还有 {n} 人</source>
        <translation>{n} ahead of you</translation>
    </message>
    <message>
        <source>预计约 {m} 分钟</source>
        <translation>About {m} min</translation>
    </message>
</context>
<context>
    <name>RatingWindow</name>
    <message>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate the service you received</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>选择“不满意”时请写下原因</source>
        <translation>If dissatisfied, please tell us why</translation>
    </message>
    <message>
        <source>号码 {label}</source>
        <translation>Ticket {label}</translation>
    </message>
    <message>
        <source>谢谢您的评价！</source>
        <translation>Thank you!</translation>
    </message>
</context>
<context>
    <name>ReminderDialog</name>
    <message>
        <source>提醒清单</source>
        <translation>Reminder lists</translation>
    </message>
    <message>
        <source>检验到期提醒</source>
        <translation>Inspection due</translation>
    </message>
    <message>
        <source>换证、体检、审验到期提醒</source>
        <translation>Renewal, medical and review due</translation>
    </message>
    <message>
        <source>生成</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>清单</source>
        <translation>List</translation>
    </message>
    <message>
        <source>截至</source>
        <translation>As of</translation>
    </message>
    <message>
        <source>提前天数</source>
        <translation>Days ahead</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Formats</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>已生成 {n} 条：{path}</source>
        <translation>{n} lines written: {path}</translation>
    </message>
</context>
<context>
    <name>ReprintScreen</name>
    <message>
        <source>补打准考证</source>
        <translation>Reprint admission ticket</translation>
    </message>
    <message>
        <source>核验身份</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>打印完成</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>预约码（8位，见准考证）</source>
        <translation>Booking code (8 characters, on the admission ticket)</translation>
    </message>
    <message>
        <source>输入预约码</source>
        <translation>Type the booking code</translation>
    </message>
    <message>
        <source>预约码</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <source>请输入身份证号和预约码</source>
        <translation>Type the ID number and the booking code</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <source>{name}&#x3000;{session}&#x3000;{site}</source>
        <translation>{name} · {session} · {site}</translation>
    </message>
    <message>
        <source>正在打印准考证…</source>
        <translation>Printing the admission ticket…</translation>
    </message>
    <message>
        <source>准考证</source>
        <translation>Admission ticket</translation>
    </message>
    <message>
        <source>准考证已打印，请取走</source>
        <translation>Admission ticket printed: please take it</translation>
    </message>
    <message>
        <source>未能打印准考证：请到窗口打印，或稍后再试</source>
        <translation>The admission ticket could not be printed: ask at a window, or try again later</translation>
    </message>
</context>
<context>
    <name>RequestsTab</name>
    <message>
        <source>身份证号、受理编号或姓名，回车查询</source>
        <translation>ID number, application no. or name, then Enter</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Application no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>准驾车型</source>
        <translation>Licence class</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>查询考生：考生须先在驾驶证业务窗口受理初次申领或增驾</source>
        <translation>Find a candidate: a first licence or added class must first be accepted at the driver window</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>提交申请</source>
        <translation>Submit request</translation>
    </message>
    <message>
        <source>直接预约…</source>
        <translation>Book directly…</translation>
    </message>
    <message>
        <source>新的考试申请（考场可多选，不选为任意）</source>
        <translation>New exam request (several sites may be ticked; none means any)</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>考场</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>希望的考场，可多选；不选为任意考场</source>
        <translation>Preferred sites, several allowed; none ticked means any site</translation>
    </message>
    <message>
        <source>场次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>预约码</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Bookings</translation>
    </message>
    <message>
        <source>打印准考证</source>
        <translation>Print admission ticket</translation>
    </message>
    <message>
        <source>改约…</source>
        <translation>Move…</translation>
    </message>
    <message>
        <source>取消预约</source>
        <translation>Cancel booking</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>任意</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>上次未排上原因</source>
        <translation>Why not booked last time</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>考试记录</source>
        <translation>Exam history</translation>
    </message>
    <message>
        <source>待排考的申请</source>
        <translation>Open requests</translation>
    </message>
    <message>
        <source>请输入身份证号、受理编号或姓名</source>
        <translation>Enter an ID number, application no. or name</translation>
    </message>
    <message>
        <source>找到 {n} 个考试申请</source>
        <translation>{n} exam applications found</translation>
    </message>
    <message>
        <source>没有找到考生：考生须先在驾驶证业务窗口受理初次申领或增驾</source>
        <translation>No candidate found: a first licence or added class must first be accepted at the driver window</translation>
    </message>
    <message>
        <source>未取得（科目一合格后核发）</source>
        <translation>Not yet (issued when Subject 1 is passed)</translation>
    </message>
    <message>
        <source>已锁定（身份核验未通过）</source>
        <translation>Locked (identity not confirmed)</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>驾校</source>
        <translation>Driving school</translation>
    </message>
    <message>
        <source>已通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>需考</source>
        <translation>Needed</translation>
    </message>
    <message>
        <source>学习驾驶证明</source>
        <translation>Learner permit</translation>
    </message>
    <message>
        <source>待排考的申请 {n}</source>
        <translation>Open requests {n}</translation>
    </message>
    <message>
        <source>待排考的申请：暂无</source>
        <translation>Open requests: none</translation>
    </message>
    <message>
        <source>请先查询并选定考生</source>
        <translation>Find and select a candidate first</translation>
    </message>
    <message>
        <source>请先在预约表中选定一条预约</source>
        <translation>Select a booking in the table first</translation>
    </message>
    <message>
        <source>已提交{s}申请（{a} 至 {b}），等待排考</source>
        <translation>Request for {s} filed ({a} to {b}); waiting for the allocation run</translation>
    </message>
    <message>
        <source>请先在待排考的申请中选定一条</source>
        <translation>Select an open request first</translation>
    </message>
    <message>
        <source>申请已撤回</source>
        <translation>Request withdrawn</translation>
    </message>
    <message>
        <source>直接预约 — {s}</source>
        <translation>Book directly — {s}</translation>
    </message>
    <message>
        <source>已预约：{s}，第 {n} 号；可打印准考证</source>
        <translation>Booked: {s}, seat {n}; the admission ticket can be printed</translation>
    </message>
    <message>
        <source>改约 — {s}</source>
        <translation>Move — {s}</translation>
    </message>
    <message>
        <source>例如：本人申请</source>
        <translation>e.g. at the applicant&apos;s request</translation>
    </message>
    <message>
        <source>取消原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>预约已取消，准考证已作废</source>
        <translation>Booking cancelled; the admission ticket is revoked</translation>
    </message>
    <message>
        <source>准考证 — {s}</source>
        <translation>Admission ticket — {s}</translation>
    </message>
    <message>
        <source>准考证</source>
        <translation>Admission ticket</translation>
    </message>
</context>
<context>
    <name>ResultsTab</name>
    <message>
        <source>考试日期</source>
        <translation>Exam date</translation>
    </message>
    <message>
        <source>场次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>成绩</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>补考成绩</source>
        <translation>Retake score</translation>
    </message>
    <message>
        <source>0–100</source>
        <translation>0–100</translation>
    </message>
    <message>
        <source>首次不合格才填</source>
        <translation>only if the first failed</translation>
    </message>
    <message>
        <source>登记成绩</source>
        <translation>Record result</translation>
    </message>
    <message>
        <source>登记缺考…</source>
        <translation>Mark no-shows…</translation>
    </message>
    <message>
        <source>已约 {n}</source>
        <translation>{n} booked</translation>
    </message>
    <message>
        <source>这一天没有考试场次：换一个日期</source>
        <translation>No sessions on this day: choose another date</translation>
    </message>
    <message>
        <source>本场没有预约的考生</source>
        <translation>No candidates booked in this session</translation>
    </message>
    <message>
        <source>已签到待登记 {a}&#x3000;已登记 {b}&#x3000;未签到 {c}&#x3000;缺考 {d}</source>
        <translation>Checked in, awaiting result {a} · recorded {b} · not checked in {c} · no-show {d}</translation>
    </message>
    <message>
        <source>成绩应为0至100之间的整数</source>
        <translation>The score must be a whole number from 0 to 100</translation>
    </message>
    <message>
        <source>请在表中选定一位已签到、尚未登记成绩的考生</source>
        <translation>Select a checked-in candidate without a result in the table</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>学习驾驶证明有效期至 {d}</source>
        <translation>learner permit valid until {d}</translation>
    </message>
    <message>
        <source>已作废：第五次预约考试仍不合格，已合格科目成绩作废</source>
        <translation>void: failed at the fifth booking, the subjects already passed are void</translation>
    </message>
    <message>
        <source>考试合格，可发证</source>
        <translation>all exams passed, the licence can be issued</translation>
    </message>
    <message>
        <source>{seat} {name}：{outcome}</source>
        <translation>{seat} {name}: {outcome}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>成绩已登记</source>
        <translation>Result recorded</translation>
    </message>
    <message>
        <source>请先选择场次</source>
        <translation>Choose a session first</translation>
    </message>
    <message>
        <source>登记缺考</source>
        <translation>Mark no-shows</translation>
    </message>
    <message>
        <source>本场所有未签到的考生都将记为缺考（按不合格处理），确定吗？</source>
        <translation>Every candidate of this session not checked in will be recorded as a no-show (a fail). Continue?</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已登记缺考 {n} 人</source>
        <translation>{n} no-shows recorded</translation>
    </message>
    <message>
        <source>没有未签到的考生</source>
        <translation>No candidate is missing</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <source>序号</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>成绩</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>补考成绩</source>
        <translation>Retake score</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>共 {n} 人</source>
        <translation>{n} candidates</translation>
    </message>
    <message>
        <source>本场暂无预约</source>
        <translation>No bookings in this session</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>上午</source>
        <translation>Morning</translation>
    </message>
    <message>
        <source>下午</source>
        <translation>Afternoon</translation>
    </message>
    <message>
        <source>科目一</source>
        <translation>Subject 1</translation>
    </message>
    <message>
        <source>科目二</source>
        <translation>Subject 2</translation>
    </message>
    <message>
        <source>科目三道路驾驶技能</source>
        <translation>Subject 3 road test</translation>
    </message>
    <message>
        <source>科目三安全文明驾驶常识</source>
        <translation>Subject 3 safe driving</translation>
    </message>
    <message>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
</context>
<context>
    <name>SessionPickerDialog</name>
    <message>
        <source>场次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>余位</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>没有可选场次：该科目暂无符合条件且有余位的场次</source>
        <translation>No session to choose: none of this subject is eligible with free seats</translation>
    </message>
    <message>
        <source>选择场次后确定</source>
        <translation>Choose a session, then OK</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>按键</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>功能</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>适用于</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>功能键在“排队叫号”面板中有效；Tab 和 Shift+Tab 在输入框之间移动，回车确认。</source>
        <translation>The F-keys work on the Queue panel; Tab and Shift+Tab move between fields, Enter confirms.</translation>
    </message>
</context>
<context>
    <name>StaffAdminDialog</name>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>锁定中</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>已创建账号 {u}</source>
        <translation>Account {u} created</translation>
    </message>
    <message>
        <source>请先选择一个账号</source>
        <translation>Select an account first</translation>
    </message>
    <message>
        <source>已更新账号 {u}</source>
        <translation>Account {u} updated</translation>
    </message>
    <message>
        <source>重置密码：{u}</source>
        <translation>Reset password: {u}</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>已重置 {u} 的密码</source>
        <translation>Password of {u} reset</translation>
    </message>
    <message>
        <source>窗口号</source>
        <translation>Counter number</translation>
    </message>
    <message>
        <source>服务类别</source>
        <translation>Categories served</translation>
    </message>
    <message>
        <source>已保存 {n} 号窗口</source>
        <translation>Counter {n} saved</translation>
    </message>
    <message>
        <source>已保存大厅信息</source>
        <translation>Hall saved</translation>
    </message>
    <message>
        <source>人员与窗口</source>
        <translation>Staff and counters</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>停用/启用</source>
        <translation>Disable/Enable</translation>
    </message>
    <message>
        <source>重置密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>添加/修改窗口…</source>
        <translation>Add/change counter…</translation>
    </message>
    <message>
        <source>大厅</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>大厅代码</source>
        <translation>Hall code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <source>选择业务</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>实名（可选）</source>
        <translation>ID (optional)</translation>
    </message>
    <message>
        <source>取号完成</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>请选择要办理的业务类别</source>
        <translation>Choose the kind of business</translation>
    </message>
    <message>
        <source>身份证号（可选）：请刷身份证，或用右侧键盘输入。实名取号可享受预约签到和60岁以上优先。</source>
        <translation>ID number (optional): swipe your ID card or type it on the keypad. A named ticket checks in your appointment and gives priority from age 60.</translation>
    </message>
    <message>
        <source>在此输入身份证号</source>
        <translation>Type the ID number here</translation>
    </message>
    <message>
        <source>不输入，直接取号</source>
        <translation>Skip: take a ticket</translation>
    </message>
    <message>
        <source>实名取号</source>
        <translation>Named ticket</translation>
    </message>
    <message>
        <source>等候 {n} 人</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>取号时间 {hours}，现在不能取号</source>
        <translation>Tickets {hours}: not issued now</translation>
    </message>
    <message>
        <source>暂无可取号的业务，请到咨询台</source>
        <translation>No tickets can be taken now: ask at the information desk</translation>
    </message>
    <message>
        <source>您选择了：{name}</source>
        <translation>You chose: {name}</translation>
    </message>
    <message>
        <source>请先输入身份证号，或点“不输入，直接取号”</source>
        <translation>Type the ID number first, or tap “Skip: take a ticket”</translation>
    </message>
    <message>
        <source>正在取号，请稍候…</source>
        <translation>Taking your ticket…</translation>
    </message>
    <message>
        <source>{category} · 您的号码</source>
        <translation>{category} · your number</translation>
    </message>
    <message>
        <source>前面 {n} 人 · 窗口暂未开放</source>
        <translation>{n} ahead · windows not open yet</translation>
    </message>
    <message>
        <source>前面 {n} 人 · 预计等候约 {m} 分钟</source>
        <translation>{n} ahead · about {m} min wait</translation>
    </message>
    <message>
        <source>实名：{name}</source>
        <translation>Name: {name}</translation>
    </message>
    <message>
        <source>绿色通道优先</source>
        <translation>Priority (green channel)</translation>
    </message>
    <message>
        <source>正在打印号票…</source>
        <translation>Printing the ticket…</translation>
    </message>
    <message>
        <source>号票已打印，请取走号票，留意叫号屏和语音提示</source>
        <translation>Ticket printed: please take it and watch the display and the voice calls</translation>
    </message>
    <message>
        <source>未连接打印机，号票没有打印出来：请记住上面的号码，或拍照留存</source>
        <translation>No printer: the ticket was not printed. Remember the number above, or take a photo of it</translation>
    </message>
    <message>
        <source>打印失败：请记住上面的号码，或到咨询台补打</source>
        <translation>Printing failed: remember the number above, or ask at the information desk for a reprint</translation>
    </message>
</context>
<context>
    <name>VehicleCardText</name>
    <message>
        <source>已受理</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>容缺待补</source>
        <translation>awaiting materials</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>completed</translation>
    </message>
    <message>
        <source>退办</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>容缺终止</source>
        <translation>terminated</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>两客一危一货</source>
        <translation>key operating vehicle</translation>
    </message>
    <message>
        <source>上线检验</source>
        <translation>on-line inspection</translation>
    </message>
    <message>
        <source>免检领标</source>
        <translation>label only</translation>
    </message>
    <message>
        <source>已逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>剩 {n} 天</source>
        <translation>{n} days left</translation>
    </message>
    <message>
        <source>{date}（{kind}，{left}）</source>
        <translation>{date} ({kind}, {left})</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>unregistered</translation>
    </message>
    <message>
        <source>抵押</source>
        <translation>mortgaged</translation>
    </message>
    <message>
        <source>质押</source>
        <translation>pledged</translation>
    </message>
    <message>
        <source>查封</source>
        <translation>sealed by court</translation>
    </message>
    <message>
        <source>被盗抢</source>
        <translation>stolen</translation>
    </message>
    <message>
        <source>违法未处理</source>
        <translation>violations pending</translation>
    </message>
    <message>
        <source>事故未处理</source>
        <translation>accidents pending</translation>
    </message>
    <message>
        <source>注销</source>
        <translation>deregistered</translation>
    </message>
    <message>
        <source>迁出</source>
        <translation>moved out</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>号牌号码</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>车辆识别代号</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>车辆类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>使用性质</source>
        <translation>Use</translation>
    </message>
    <message>
        <source>品牌型号</source>
        <translation>Brand, model</translation>
    </message>
    <message>
        <source>核定载客</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>所有人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>初次登记</source>
        <translation>First registered</translation>
    </message>
    <message>
        <source>下次检验</source>
        <translation>Next inspection</translation>
    </message>
    <message>
        <source>强制报废期止</source>
        <translation>Scrap date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>{no} {day} {name}（{state}）</source>
        <translation>{no} {day} {name} ({state})</translation>
    </message>
    <message>
        <source>近期业务</source>
        <translation>Recent cases</translation>
    </message>
</context>
<context>
    <name>VehiclePage</name>
    <message>
        <source>机动车业务</source>
        <translation>Vehicle business</translation>
    </message>
    <message>
        <source>号牌号码、车辆识别代号（或后6位）、所有人证件号或姓名，回车查询</source>
        <translation>Plate, VIN (or its last 6), owner ID or name; Enter to search</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>新车业务</source>
        <translation>New vehicle</translation>
    </message>
    <message>
        <source>注册登记、转入、临时号牌：不选车辆</source>
        <translation>Registration, transfer in, temporary plate: no vehicle chosen</translation>
    </message>
    <message>
        <source>号牌号码</source>
        <translation>Plate number</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>unregistered</translation>
    </message>
    <message>
        <source>车辆类型</source>
        <translation>Vehicle type</translation>
    </message>
    <message>
        <source>使用性质</source>
        <translation>Use</translation>
    </message>
    <message>
        <source>所有人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>重点车辆</source>
        <translation>Key operating</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>业务</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>号牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>收费</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>重打凭证</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>容缺材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <source>补交期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>材料已补齐</source>
        <translation>Materials supplied</translation>
    </message>
    <message>
        <source>今日受理</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <source>容缺待补</source>
        <translation>Deferred</translation>
    </message>
    <message>
        <source>请输入号牌号码、车辆识别代号或所有人</source>
        <translation>Enter a plate, VIN or owner</translation>
    </message>
    <message>
        <source>找到 {n} 辆车</source>
        <translation>{n} vehicle(s) found</translation>
    </message>
    <message>
        <source>没有找到车辆</source>
        <translation>No vehicle found</translation>
    </message>
    <message>
        <source>新车业务：填写车辆参数和所有人</source>
        <translation>New vehicle: enter its particulars and the owner</translation>
    </message>
    <message>
        <source>已受理 {no}：{name}</source>
        <translation>Accepted {no}: {name}</translation>
    </message>
    <message>
        <source>，号牌 {plate}</source>
        <translation>, plate {plate}</translation>
    </message>
    <message>
        <source>；容缺待补，期限 {d}</source>
        <translation>; deferred materials due {d}</translation>
    </message>
    <message>
        <source>；{warning}</source>
        <translation>; {warning}</translation>
    </message>
    <message>
        <source>打印凭证 — {no}</source>
        <translation>Print documents — {no}</translation>
    </message>
    <message>
        <source>容缺逾期未补，已终止：{cases}</source>
        <translation>Deferred materials not supplied in time, terminated: {cases}</translation>
    </message>
    <message>
        <source>容缺待补 {n}</source>
        <translation>Deferred {n}</translation>
    </message>
    <message>
        <source>（逾期 {n}）</source>
        <translation> ({n} overdue)</translation>
    </message>
    <message>
        <source>请先在“容缺待补”中选择一条</source>
        <translation>Choose a line under Deferred first</translation>
    </message>
    <message>
        <source>{no} 材料已补齐，业务办结</source>
        <translation>{no}: materials supplied, case completed</translation>
    </message>
    <message>
        <source>请先在“今日受理”中选择一条</source>
        <translation>Choose a line under Today&apos;s cases first</translation>
    </message>
    <message>
        <source>{no} 没有出具过凭证，无法重打</source>
        <translation>{no} has no printed documents to reprint</translation>
    </message>
    <message>
        <source>重打凭证 — {no}</source>
        <translation>Reprint — {no}</translation>
    </message>
</context>
</TS>
